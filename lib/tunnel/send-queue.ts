// Flow control and scheduling for one socket shared by many streams. Writers
// name their lane (one per request or stream); a lane's frames leave in the
// order written, lanes take turns:
//
// - small frames (answers, watch events, stream starts and ends, session
//   messages) go first, in the order they came, while the bytes the socket has
//   not yet written stay under the high-water mark;
// - bulk frames (list and log chunks, over SMALL_FRAME_BYTES) take turns round
//   robin across lanes, and are paced by the socket's drain: one goes out only
//   while less than `bulkWindow` of bulk is handed to the socket and not yet
//   written to the kernel, so a small answer never queues behind more than
//   about one bulk chunk in user space; with an AckWindow, bulk also waits
//   while the peer has not yet read a window's worth (ack-window.ts), so the
//   kernel's buffers do not fill with it either.
//
// Each stream awaits its write before reading more from the API server, so a
// stream holds at most one frame here and a slow reader slows only what it
// reads. What waits is counted in bytes: past the high-water mark of waiting
// bytes the queue reports pressure, and the socket stops reading new frames
// (whose answers would only wait too) until the backlog is down to half of it.
import { isBinaryMessage, outboundLength, type Outbound } from '../protocol/binary-frame.ts';
import { MAX_CHUNK_BYTES } from '../proxy/response-pump.ts';
import type { AckWindow } from './ack-window.ts';

export interface FrameTransport {
  /**
   * ws's send: the callback fires once the frame is written to the socket (or
   * failed); `fin: false` sends a fragment. `bulk` marks a fragment of a bulk
   * message, which the transport writes at once rather than gather (ws ignores it).
   */
  send(data: Buffer | string, options: { binary: boolean; compress?: boolean; fin?: boolean; bulk?: boolean }, cb?: (err?: Error) => void): void;
}

export interface SendQueueOptions {
  highWaterMark?: number;
  /** Bulk bytes handed to the socket and not yet written past which no more bulk is handed over. */
  bulkWindow?: number;
  /** Frames larger than this are sent without per-message compression. */
  compressBelow?: number;
  /** Bounds the bulk the peer has not yet read. */
  acks?: AckWindow;
  /** Called with true when the bytes waiting pass the high-water mark, and false once they are down to half of it. */
  onPressure?: (pressing: boolean) => void;
}

/** Frames up to this size are small: they go ahead of bulk. A watch event or an answer is small; a list chunk is not. */
export const SMALL_FRAME_BYTES = 16 * 1024;
/** One list chunk (response-pump.ts's MAX_CHUNK_BYTES) and its header. */
const DEFAULT_BULK_WINDOW = 64 * 1024;

interface Entry {
  data: Outbound;
  size: number;
  lane: Lane;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface Lane {
  key: string | undefined;
  entries: Entry[];
}

export class SendQueue {
  readonly #transport: FrameTransport;
  readonly #highWaterMark: number;
  readonly #bulkWindow: number;
  readonly #compressBelow: number;
  readonly #onPressure: (pressing: boolean) => void;
  readonly #acks: AckWindow | undefined;
  readonly #lanes = new Map<string, Lane>();
  /** Lanes whose first frame is small, in the order they became ready. */
  #small: Lane[] = [];
  /** Lanes whose first frame is bulk, in turn order. */
  #bulk: Lane[] = [];
  #inFlight = 0;
  #bulkInFlight = 0;
  #waiting = 0;
  #waitingBytes = 0;
  #pressing = false;
  #closed: Error | undefined;

  constructor(transport: FrameTransport, options: SendQueueOptions = {}) {
    this.#transport = transport;
    this.#highWaterMark = options.highWaterMark ?? 1024 * 1024;
    this.#bulkWindow = options.bulkWindow ?? DEFAULT_BULK_WINDOW;
    this.#compressBelow = options.compressBelow ?? Infinity;
    this.#onPressure = options.onPressure ?? (() => {});
    this.#acks = options.acks;
    if (this.#acks) {
      this.#acks.onOpen = () => {
        if (this.#waiting > 0) this.#pump();
      };
    }
  }

  /** Bytes waiting for the socket (not yet handed to it). */
  get waitingBytes(): number {
    return this.#waitingBytes;
  }

  /** Bytes handed to the socket and not yet written. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Frames waiting for the socket. */
  get waiting(): number {
    return this.#waiting;
  }

  /** A sink whose frames share one lane (one request or stream), and the chunk size the path wants now. */
  lane(key: string): { write(data: Outbound): Promise<void>; chunkBytes(): number } {
    return { write: (data) => this.write(data, key), chunkBytes: () => this.#acks?.chunkBytes ?? MAX_CHUNK_BYTES };
  }

  /**
   * Resolves when the frame has been handed to the socket; rejects when the
   * socket is gone. Frames of one lane leave in order; without a lane, a frame
   * is a lane of its own.
   */
  write(data: Outbound, key?: string): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    const size = outboundLength(data);
    const small = size <= SMALL_FRAME_BYTES;
    const lane = key === undefined ? undefined : this.#lanes.get(key);
    if (lane === undefined && (small ? this.#smallMayGo() : this.#bulk.length === 0 && this.#bulkMayGo(size))) {
      this.#send(data, size, small);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let l = lane;
      if (l === undefined) {
        l = { key, entries: [] };
        if (key !== undefined) this.#lanes.set(key, l);
      }
      l.entries.push({ data, size, lane: l, resolve, reject });
      this.#waiting++;
      this.#waitingBytes += size;
      if (l.entries.length === 1) this.#ready(l);
      if (!this.#pressing && this.#waitingBytes > this.#highWaterMark) this.#setPressing(true);
      this.#pump();
    });
  }

  /** Fails every waiting writer and every later write. */
  close(err: Error): void {
    if (this.#closed) return;
    this.#closed = err;
    const lanes = [...this.#small, ...this.#bulk];
    this.#small = [];
    this.#bulk = [];
    this.#lanes.clear();
    this.#waiting = 0;
    this.#waitingBytes = 0;
    this.#acks?.close();
    for (const l of lanes) for (const e of l.entries.splice(0)) e.reject(err);
    if (this.#pressing) this.#setPressing(false);
  }

  #smallMayGo(): boolean {
    return this.#small.length === 0 && this.#inFlight < this.#highWaterMark;
  }

  #bulkMayGo(size: number): boolean {
    return this.#bulkInFlight < this.#bulkWindow && this.#inFlight < this.#highWaterMark && (this.#acks?.allows(size) ?? true);
  }

  /** Files a lane by its first frame. */
  #ready(lane: Lane): void {
    if (lane.entries[0].size <= SMALL_FRAME_BYTES) this.#small.push(lane);
    else this.#bulk.push(lane);
  }

  /** Hands over what may go: every small frame under the mark, then bulk in turns while the window allows. */
  #pump(): void {
    while (!this.#closed) {
      let lane: Lane | undefined;
      if (this.#small.length > 0 && this.#inFlight < this.#highWaterMark) lane = this.#small.shift();
      else if (this.#bulk.length > 0 && this.#bulkMayGo(this.#bulk[0].entries[0].size)) lane = this.#bulk.shift();
      if (lane === undefined) break;
      const e = lane.entries.shift()!;
      this.#waiting--;
      this.#waitingBytes -= e.size;
      if (lane.entries.length > 0) this.#ready(lane);
      else if (lane.key !== undefined) this.#lanes.delete(lane.key);
      this.#send(e.data, e.size, e.size <= SMALL_FRAME_BYTES);
      e.resolve();
    }
    if (this.#pressing && this.#waitingBytes <= this.#highWaterMark / 2) this.#setPressing(false);
  }

  #setPressing(pressing: boolean): void {
    this.#pressing = pressing;
    this.#onPressure(pressing);
  }

  #send(data: Outbound, size: number, small: boolean): void {
    const compress = size < this.#compressBelow;
    this.#inFlight += size;
    if (!small) this.#bulkInFlight += size;
    const done = (err?: Error): void => {
      this.#inFlight -= size;
      if (!small) this.#bulkInFlight -= size;
      if (err) {
        this.close(err);
        return;
      }
      if (this.#waiting > 0) this.#pump();
    };
    if (!small) this.#acks?.beforeBulk();
    this.#hand(data, size, compress, done);
    // After the frame, so that the probe's pong acknowledges it.
    if (!small) this.#acks?.sent(size);
  }

  #hand(data: Outbound, size: number, compress: boolean, done: (err?: Error) => void): void {
    const bulk = size > SMALL_FRAME_BYTES;
    if (!isBinaryMessage(data)) {
      this.#transport.send(data, { binary: false, compress, bulk }, done);
      return;
    }
    const { parts } = data;
    if (parts.length === 1 || compress || !bulk) {
      // One message, one write: a small message is joined, since copying a few
      // KiB costs less than a second frame and its write to the socket; and ws
      // decides compression on a message's first fragment, so a compressible
      // message is joined too (it is small by definition).
      this.#transport.send(parts.length === 1 ? parts[0] : Buffer.concat(parts, size), { binary: true, compress, bulk }, done);
      return;
    }
    // Header and body of a bulk message as fragments of one message: the body
    // is never copied. Nothing can come between them: ws queues both before
    // this returns.
    for (let i = 0; i < parts.length - 1; i++) this.#transport.send(parts[i], { binary: true, compress: false, fin: false, bulk });
    this.#transport.send(parts[parts.length - 1], { binary: true, compress: false, fin: true, bulk }, done);
  }
}
