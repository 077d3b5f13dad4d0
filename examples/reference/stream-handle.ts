// One proxied stream as the Runner sees it: `start` (status and headers), then the
// chunks as an async iterator, then the terminal `done` frame.
//
//   const h = runner.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: ['true'] } });
//   const { status_code } = await h.start;
//   for await (const chunk of h) console.log(JSON.parse(chunk.data.toString('utf8')));
//   const done = await h.done; // done.error_code says why it ended, if abnormally (done.error is for people)
//
// Chunks wait in a bounded queue: past `highWaterChunks` unread chunks the handle
// asks its connection to stop reading the socket, which is how a slow Runner pushes
// back on the agent (TCP backpressure; ws cannot pause a single stream).
import type { K8sProxyResponse } from '../../lib/protocol/types.ts';

export interface StreamStart {
  status_code: number;
  headers: Record<string, string>;
  stream_id: string | undefined;
  /** The body, when the whole answer came as one frame (a non-2xx status or an agent error). */
  body: Buffer | undefined;
  /** True when the answer was a single terminal frame: there will be no chunks. */
  done: boolean;
  /** The agent's code when it refused the stream before it started (docs/errors.md); absent for the API server's answers. */
  error_code?: string;
  /** An upgraded stream's first DATA window (on its 101 start frame). */
  window?: number;
}

export interface StreamChunk {
  data: Buffer;
  frame: K8sProxyResponse;
}

/** Why iterating a stream failed: it ended with `error`, or the socket was lost first. */
export class StreamEndedError extends Error {
  readonly frame: K8sProxyResponse | undefined;
  /** The agent's `error_code` (`CANCELLED`, `IDLE_TIMEOUT`, `UPSTREAM_UNREACHABLE`, ...); undefined when the socket was lost. */
  readonly code: string | undefined;

  constructor(message: string, frame?: K8sProxyResponse, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StreamEndedError';
    this.frame = frame;
    this.code = frame?.error_code;
  }
}

export interface StreamHandleHooks {
  /** Sends CANCEL for the stream and resolves with the agent's answer to it. */
  cancel(streamId: string): Promise<K8sProxyResponse>;
  /** Called with true when this stream's unread chunks pass the high-water mark, false once drained. */
  pressure(handle: StreamHandle, pressing: boolean): void;
}

export interface StreamHandleOptions {
  highWaterChunks?: number;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  const d = Promise.withResolvers<T>();
  // The caller may never look at start/done; an unobserved rejection must not crash the process.
  d.promise.catch(() => {});
  return d;
}

export class StreamHandle implements AsyncIterableIterator<StreamChunk> {
  readonly id: string;
  readonly start: Promise<StreamStart>;
  readonly done: Promise<K8sProxyResponse>;
  private readonly requestedStreamId: string | undefined;
  private readonly hooks: StreamHandleHooks;
  private readonly highWater: number;
  private readonly startDeferred = deferred<StreamStart>();
  private readonly doneDeferred = deferred<K8sProxyResponse>();
  private readonly queue: StreamChunk[] = [];
  private waiter: Deferred<void> | undefined;
  protected started: StreamStart | undefined;
  protected ended: { frame?: K8sProxyResponse; failure?: StreamEndedError } | undefined;
  private cancelled = false;
  private pressing = false;

  constructor(id: string, streamId: string | undefined, hooks: StreamHandleHooks, options: StreamHandleOptions = {}) {
    this.id = id;
    this.requestedStreamId = streamId;
    this.hooks = hooks;
    this.highWater = options.highWaterChunks ?? 64;
    this.start = this.startDeferred.promise;
    this.done = this.doneDeferred.promise;
  }

  /** The stream id the agent uses (from the start frame), else the one requested. */
  get streamId(): string | undefined {
    return this.started?.stream_id ?? this.requestedStreamId;
  }

  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  /** Chunks received and not yet read. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Asks the agent to stop the stream. Resolves with the agent's answer to the CANCEL (200, or 404 if already over). */
  async cancel(): Promise<K8sProxyResponse | undefined> {
    const streamId = this.streamId;
    if (this.ended !== undefined || streamId === undefined) return undefined;
    this.cancelled = true;
    return this.hooks.cancel(streamId);
  }

  /**
   * Feeds one response frame with this handle's id (`bytes`: the body of a binary frame). Returns true when it was
   * the terminal frame.
   */
  handleFrame(frame: K8sProxyResponse, bytes?: Buffer): boolean {
    if (this.ended !== undefined) return true;
    const body = bytes ?? (frame.body === undefined ? undefined : Buffer.from(frame.body, 'base64'));
    if (frame.window !== undefined && this.started !== undefined && frame.chunk !== true && frame.done !== true) {
      // An upgraded stream's window frame: more DATA bytes allowed.
      this.onGrant(frame.window);
      return false;
    }
    if (frame.chunk === true) {
      this.queue.push({ data: body ?? Buffer.alloc(0), frame });
      if (!this.pressing && this.queue.length >= this.highWater) this.setPressing(true);
      this.wake();
      return false;
    }
    const terminal = frame.done === true || frame.stream !== true;
    if (this.started === undefined) {
      this.started = {
        status_code: frame.status_code ?? (frame.error === undefined ? 200 : 502),
        headers: frame.headers ?? {},
        stream_id: frame.stream_id,
        body: terminal ? body : undefined,
        done: terminal,
        ...(frame.error_code === undefined ? {} : { error_code: frame.error_code }),
        ...(frame.window === undefined ? {} : { window: frame.window }),
      };
      this.startDeferred.resolve(this.started);
      if (frame.window !== undefined && !terminal) this.onGrant(frame.window);
    }
    if (terminal) this.finish(frame);
    return terminal;
  }

  /** The socket went away before the terminal frame. */
  fail(err: Error): void {
    if (this.ended !== undefined) return;
    const failure = new StreamEndedError(`stream ${this.id} lost: ${err.message}`, undefined, { cause: err });
    this.ended = { failure };
    this.startDeferred.reject(failure);
    this.doneDeferred.reject(failure);
    this.release();
    this.wake();
    this.onEnd();
  }

  /** An upgraded stream's grant of more DATA bytes (DuplexHandle); nothing for other streams. */
  protected onGrant(_bytes: number): void {}

  /** The stream ended, either way. */
  protected onEnd(): void {}

  async next(): Promise<IteratorResult<StreamChunk>> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk !== undefined) {
        if (this.pressing && this.queue.length <= this.highWater / 2) this.setPressing(false);
        return { value: chunk, done: false };
      }
      if (this.ended !== undefined) {
        if (this.ended.failure !== undefined) throw this.ended.failure;
        return { value: undefined, done: true };
      }
      this.waiter = deferred<void>();
      await this.waiter.promise;
    }
  }

  /** Leaving a `for await` early cancels the stream. */
  async return(): Promise<IteratorResult<StreamChunk>> {
    this.queue.length = 0;
    this.release();
    if (this.ended === undefined) await this.cancel().catch(() => undefined);
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(frame: K8sProxyResponse): void {
    const abnormal = frame.error !== undefined && !(this.cancelled && frame.error_code === 'CANCELLED');
    const failure = abnormal ? new StreamEndedError(`stream ${this.id} ended: ${frame.error}`, frame) : undefined;
    this.ended = failure === undefined ? { frame } : { frame, failure };
    this.doneDeferred.resolve(frame);
    // No more frames will come for this stream, so holding the socket paused would only stall the others.
    this.release();
    this.wake();
    this.onEnd();
  }

  private setPressing(pressing: boolean): void {
    this.pressing = pressing;
    this.hooks.pressure(this, pressing);
  }

  private release(): void {
    if (this.pressing) this.setPressing(false);
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve();
  }
}
