// An upgraded stream (protocol v2) as the Runner sees it: a StreamHandle whose
// chunks are the API server's bytes, plus write() for bytes the other way.
//
//   const h = agent.upgrade({ method: 'GET', path: '/api/v1/namespaces/ns/pods/web/exec', query, headers });
//   const start = await h.start;            // 101 with the API server's headers, or the refusal
//   await h.write(Buffer.from('ls\n'));     // DATA frames, never past the agent's window
//   for await (const chunk of h) process.stdout.write(chunk.data);
//
// write() sends at most the credit the agent has granted and waits for window
// frames for the rest, so a peer using it can never overrun the window.
import { StreamEndedError, StreamHandle, type StreamHandleHooks, type StreamHandleOptions } from './stream-handle.ts';

/** Largest DATA body write() sends in one frame. */
export const MAX_DATA_BYTES = 64 * 1024;

export interface DuplexHandleHooks extends StreamHandleHooks {
  /** Sends one DATA frame for the stream; resolves once handed to the socket. */
  data(streamId: string, bytes: Buffer): Promise<void>;
}

export class DuplexHandle extends StreamHandle {
  private readonly duplexHooks: DuplexHandleHooks;
  private credit = 0;
  private creditWaiters: (() => void)[] = [];
  /** write() calls are serialised, so bytes leave in the order they were written. */
  private writing: Promise<void> = Promise.resolve();

  constructor(id: string, streamId: string, hooks: DuplexHandleHooks, options?: StreamHandleOptions) {
    super(id, streamId, hooks, options);
    this.duplexHooks = hooks;
  }

  /** DATA bytes the agent will take now without another window frame. */
  get window(): number {
    return this.credit;
  }

  /** Sends bytes to the API server; resolves once all are handed to the socket. Rejects once the stream has ended. */
  write(bytes: Buffer): Promise<void> {
    const next = this.writing.then(() => this.send(bytes));
    this.writing = next.catch(() => {});
    return next;
  }

  private async send(bytes: Buffer): Promise<void> {
    let off = 0;
    while (off < bytes.length) {
      if (this.ended !== undefined) throw new StreamEndedError(`stream ${this.id} has ended; ${bytes.length - off} bytes not sent`);
      if (this.credit === 0) {
        await new Promise<void>((resolve) => this.creditWaiters.push(resolve));
        continue;
      }
      const n = Math.min(this.credit, bytes.length - off, MAX_DATA_BYTES);
      this.credit -= n;
      const streamId = this.streamId;
      if (streamId === undefined) throw new StreamEndedError(`stream ${this.id} has no stream id`);
      await this.duplexHooks.data(streamId, bytes.subarray(off, off + n));
      off += n;
    }
  }

  protected override onGrant(bytes: number): void {
    this.credit += bytes;
    this.wakeWriters();
  }

  protected override onEnd(): void {
    this.wakeWriters();
  }

  private wakeWriters(): void {
    const waiters = this.creditWaiters;
    this.creditWaiters = [];
    for (const wake of waiters) wake();
  }
}
