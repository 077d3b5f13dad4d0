// Flow control for one socket shared by many streams. A frame is handed to the
// socket at once while the bytes the socket has not yet written stay under the
// high-water mark; past it, writers wait in one FIFO. Each stream awaits its
// write before reading more from the API server, so a stream holds at most one
// frame here, streams take turns, and a slow reader slows only what it reads.
// What waits is counted in bytes: past the high-water mark of waiting bytes the
// queue reports pressure, and the socket stops reading new frames (whose answers
// would only wait too) until the backlog is down to half of it.
import { isBinaryMessage, outboundLength, type Outbound } from '../protocol/binary-frame.ts';

export interface FrameTransport {
  /** ws's send: the callback fires once the frame is written to the socket (or failed); `fin: false` sends a fragment. */
  send(data: Buffer | string, options: { binary: boolean; compress?: boolean; fin?: boolean }, cb?: (err?: Error) => void): void;
}

export interface SendQueueOptions {
  highWaterMark?: number;
  /** Frames larger than this are sent without per-message compression. */
  compressBelow?: number;
  /** Called with true when the bytes waiting pass the high-water mark, and false once they are down to half of it. */
  onPressure?: (pressing: boolean) => void;
}

interface Waiter {
  data: Outbound;
  size: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class SendQueue {
  readonly #transport: FrameTransport;
  readonly #highWaterMark: number;
  readonly #compressBelow: number;
  readonly #onPressure: (pressing: boolean) => void;
  #inFlight = 0;
  #waiters: Waiter[] = [];
  #waitingBytes = 0;
  #pressing = false;
  #closed: Error | undefined;

  constructor(transport: FrameTransport, options: SendQueueOptions = {}) {
    this.#transport = transport;
    this.#highWaterMark = options.highWaterMark ?? 1024 * 1024;
    this.#compressBelow = options.compressBelow ?? Infinity;
    this.#onPressure = options.onPressure ?? (() => {});
  }

  /** Bytes waiting for the socket (not yet handed to it). */
  get waitingBytes(): number {
    return this.#waitingBytes;
  }

  /** Bytes handed to the socket and not yet written. */
  get inFlight(): number {
    return this.#inFlight;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves when the frame has been handed to the socket; rejects when the socket is gone. */
  write(data: Outbound): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (this.#waiters.length === 0 && this.#inFlight < this.#highWaterMark) {
      this.#send(data);
      return Promise.resolve();
    }
    const size = outboundLength(data);
    this.#waitingBytes += size;
    if (!this.#pressing && this.#waitingBytes > this.#highWaterMark) this.#setPressing(true);
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ data, size, resolve, reject });
    });
  }

  /** Fails every waiting writer and every later write. */
  close(err: Error): void {
    if (this.#closed) return;
    this.#closed = err;
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#waitingBytes = 0;
    for (const w of waiters) w.reject(err);
    if (this.#pressing) this.#setPressing(false);
  }

  #setPressing(pressing: boolean): void {
    this.#pressing = pressing;
    this.#onPressure(pressing);
  }

  #send(data: Outbound): void {
    const size = outboundLength(data);
    const compress = size < this.#compressBelow;
    this.#inFlight += size;
    const done = (err?: Error): void => {
      this.#inFlight -= size;
      if (err) {
        this.close(err);
        return;
      }
      this.#drain();
    };
    if (!isBinaryMessage(data)) {
      this.#transport.send(data, { binary: false, compress }, done);
      return;
    }
    const { parts } = data;
    if (parts.length === 1 || compress) {
      // One message, one deflate: ws decides compression on a message's first
      // fragment, so a compressible message is joined (it is small by definition).
      this.#transport.send(parts.length === 1 ? parts[0] : Buffer.concat(parts, size), { binary: true, compress }, done);
      return;
    }
    // Header and body as fragments of one message: the body is never copied.
    // Nothing can come between them: ws queues both before this returns.
    for (let i = 0; i < parts.length - 1; i++) this.#transport.send(parts[i], { binary: true, compress: false, fin: false });
    this.#transport.send(parts[parts.length - 1], { binary: true, compress: false, fin: true }, done);
  }

  #drain(): void {
    while (this.#waiters.length > 0 && this.#inFlight < this.#highWaterMark && !this.#closed) {
      const w = this.#waiters.shift()!;
      this.#waitingBytes -= w.size;
      this.#send(w.data);
      w.resolve();
    }
    if (this.#pressing && this.#waitingBytes <= this.#highWaterMark / 2) this.#setPressing(false);
  }
}
