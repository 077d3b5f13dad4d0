// Sending through whichever replica of an agent serves: what a Runner does when a
// cluster runs several agent replicas (docs/protocol.md, "High availability").
//
// A request goes to a replica that is connected and not draining. A 503 shutdown
// refusal was never executed, so it is resent to another replica whatever its
// method. When the socket dies before the answer, a GET or HEAD is resent; any
// other request is reported lost (it may or may not have run) and counted, never
// answered twice. A watch whose stream ends with "shutdown" or loses its socket is
// re-opened on another replica from the last resourceVersion it delivered, so its
// reader sees one unbroken stream.
import type { K8sProxyResponse } from '../../lib/protocol/types.ts';
import type { ProxyRequestInit, RequestOptions } from './proxy-client.ts';
import { StreamEndedError, type StreamChunk, type StreamHandle, type StreamStart } from './stream-handle.ts';

/** The socket carrying a request closed before its terminal frame. */
export class SocketLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SocketLostError';
  }
}

/** A request that may have run on a replica that died before answering: not resent, not answered. */
export class LostRequestError extends Error {
  readonly init: ProxyRequestInit;

  constructor(init: ProxyRequestInit, cause: unknown) {
    super(`${init.method} ${init.path ?? ''}: the agent replica was lost before answering; the request may or may not have run`, { cause });
    this.name = 'LostRequestError';
    this.init = init;
  }
}

/** One replica's socket, as failover sees it. */
export interface Replica {
  readonly instanceId: string;
  /** Closed, or said `draining`. */
  readonly serving: boolean;
  markDraining(): void;
  request(init: ProxyRequestInit, options?: RequestOptions): Promise<K8sProxyResponse>;
  stream(init: ProxyRequestInit): StreamHandle;
}

export interface FailoverStats {
  /** Non-stream requests resent after their replica's socket died (GET, HEAD). */
  retried: number;
  /** Requests resent after a 503 shutdown refusal (never executed). */
  refusedRetried: number;
  /** Requests reported lost: the socket died before the answer and resending was not safe. */
  lost: number;
  /** Watches re-opened on another replica. */
  resumed: number;
  /** Milliseconds from each re-opened watch's end to its new start. */
  watchGaps: number[];
}

/**
 * A serving replica. The first pick may wait for one to say hello; a retry takes
 * one that serves now or fails, so with a single replica gone the caller hears so
 * at once instead of waiting for it to come back.
 */
export type PickReplica = (retry: boolean) => Promise<Replica>;

const MAX_ATTEMPTS = 6;
const SHUTDOWN_REFUSAL = /^shutdown: /;

export function newFailoverStats(): FailoverStats {
  return { retried: 0, refusedRetried: 0, lost: 0, resumed: 0, watchGaps: [] };
}

/** A refusal the agent answers before running anything while it drains. */
export function isShutdownRefusal(frame: { status_code?: number; error?: string }): boolean {
  return frame.status_code === 503 && SHUTDOWN_REFUSAL.test(frame.error ?? '');
}

export function isSafe(init: ProxyRequestInit): boolean {
  return init.method === 'GET' || init.method === 'HEAD';
}

export async function failoverRequest(
  pick: PickReplica,
  init: ProxyRequestInit,
  stats: FailoverStats,
  options: RequestOptions = {},
): Promise<K8sProxyResponse> {
  // With no other replica to resend to, the caller hears what the last one said.
  let last: { answer: K8sProxyResponse } | { err: unknown } | undefined;
  for (let attempt = 1; ; attempt++) {
    let replica: Replica;
    try {
      replica = await pick(attempt > 1);
    } catch (err) {
      if (last === undefined) throw err;
      if ('answer' in last) return last.answer;
      throw last.err;
    }
    let answer: K8sProxyResponse;
    try {
      answer = await replica.request(init, options);
    } catch (err) {
      if (!(err instanceof SocketLostError)) throw err;
      if (!isSafe(init) || attempt >= MAX_ATTEMPTS) {
        stats.lost++;
        throw new LostRequestError(init, err);
      }
      stats.retried++;
      last = { err };
      continue;
    }
    if (isShutdownRefusal(answer) && attempt < MAX_ATTEMPTS) {
      replica.markDraining();
      stats.refusedRetried++;
      last = { answer };
      continue;
    }
    return answer;
  }
}

/** A stream through a serving replica; a watch is re-opened elsewhere when its replica goes. */
export class FailoverStream implements AsyncIterableIterator<StreamChunk> {
  readonly start: Promise<StreamStart>;
  readonly done: Promise<K8sProxyResponse>;
  readonly #pick: PickReplica;
  readonly #init: ProxyRequestInit;
  readonly #watch: boolean;
  readonly #stats: FailoverStats;
  readonly #done = Promise.withResolvers<K8sProxyResponse>();
  #current: Promise<StreamHandle>;
  #replica: Replica | undefined;
  #resourceVersion: string | undefined;
  #cancelled = false;
  #ended = false;

  constructor(pick: PickReplica, init: ProxyRequestInit, watch: boolean, stats: FailoverStats) {
    this.#pick = pick;
    this.#init = init;
    this.#watch = watch;
    this.#stats = stats;
    this.#resourceVersion = init.query?.resourceVersion?.[0];
    this.done = this.#done.promise;
    this.done.catch(() => {});
    this.#current = this.#open(init, false);
    this.start = this.#current.then((h) => h.start);
    this.start.catch(() => {});
    // A stream answered with one terminal frame (a non-2xx status, a refusal) has no chunks to iterate.
    this.start.then(
      async (s) => {
        if (!s.done) return;
        this.#ended = true;
        this.#done.resolve(await (await this.#current).done);
      },
      (err: unknown) => this.#done.reject(err),
    );
  }

  get isEnded(): boolean {
    return this.#ended;
  }

  /** The resourceVersion of the last event delivered (or the one the watch started from). */
  get resourceVersion(): string | undefined {
    return this.#resourceVersion;
  }

  async cancel(): Promise<K8sProxyResponse | undefined> {
    this.#cancelled = true;
    return (await this.#current).cancel();
  }

  async next(): Promise<IteratorResult<StreamChunk>> {
    for (;;) {
      const handle = await this.#current;
      try {
        const result = await handle.next();
        if (result.done) {
          this.#ended = true;
          this.#done.resolve(await handle.done);
          return result;
        }
        if (this.#watch) this.#track(result.value.data);
        return result;
      } catch (err) {
        if (this.#cancelled || !this.#watch || !resumable(err)) {
          this.#ended = true;
          this.#done.reject(err);
          throw err;
        }
        const endedAt = performance.now();
        // A replica that ended a stream with "shutdown" is draining, whether or not it said so.
        if (err instanceof StreamEndedError && err.frame !== undefined) this.#replica?.markDraining();
        this.#current = this.#open(this.#resumeInit(), true, err);
        await this.#current.catch((e: unknown) => {
          this.#ended = true;
          this.#done.reject(e);
          throw e;
        });
        this.#stats.resumed++;
        this.#stats.watchGaps.push(performance.now() - endedAt);
      }
    }
  }

  async return(): Promise<IteratorResult<StreamChunk>> {
    if (!this.#ended) await this.cancel().catch(() => undefined);
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Opens the stream on a serving replica; a shutdown refusal or a lost socket before the start tries another. */
  async #open(init: ProxyRequestInit, resuming: boolean, cause?: unknown): Promise<StreamHandle> {
    // With no other replica to go to, the reader hears why the stream ended, not that none serves.
    let last: unknown = cause;
    let refused: StreamHandle | undefined;
    for (let attempt = 1; ; attempt++) {
      let replica: Replica;
      try {
        replica = await this.#pick(resuming || attempt > 1);
      } catch (err) {
        if (refused !== undefined) return refused;
        throw last ?? err;
      }
      this.#replica = replica;
      let handle: StreamHandle;
      try {
        handle = replica.stream(init);
      } catch (err) {
        // Its socket closed between the pick and the send: nothing was sent.
        if (err instanceof SocketLostError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
      const start = await handle.start.catch((err: unknown) => err as Error);
      if (start instanceof Error) {
        last = start;
        if (attempt < MAX_ATTEMPTS && resumable(start)) continue;
        throw start;
      }
      if (start.done && isShutdownRefusal(await handle.done) && attempt < MAX_ATTEMPTS) {
        refused = handle;
        replica.markDraining();
        this.#stats.refusedRetried++;
        continue;
      }
      return handle;
    }
  }

  /** The same watch, from the last resourceVersion delivered. */
  #resumeInit(): ProxyRequestInit {
    const { id: _id, stream_id: _sid, ...rest } = this.#init;
    const query = { ...rest.query };
    if (this.#resourceVersion !== undefined) {
      query.resourceVersion = [this.#resourceVersion];
      // The initial list was delivered already; from a resourceVersion only the changes after it come.
      delete query.sendInitialEvents;
      delete query.resourceVersionMatch;
    }
    return { ...rest, query };
  }

  #track(event: Buffer): void {
    if (event[0] !== 0x7b) return; // not JSON (protobuf): resume from the last JSON one seen
    try {
      const rv = (JSON.parse(event.toString('utf8')) as { object?: { metadata?: { resourceVersion?: unknown } } }).object?.metadata
        ?.resourceVersion;
      if (typeof rv === 'string' && rv !== '') this.#resourceVersion = rv;
    } catch {
      // not one JSON event: nothing to learn from it
    }
  }
}

/** A stream that ended because its replica shut down or its socket died: it can be re-opened elsewhere. */
function resumable(err: unknown): boolean {
  if (!(err instanceof StreamEndedError)) return false;
  if (err.frame === undefined) return err.cause instanceof SocketLostError;
  return err.frame.error === 'shutdown';
}
