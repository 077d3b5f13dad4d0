// The per-socket limits a proxy frame must pass before it runs: body size,
// request rate, a unique request id, and the concurrent streams or requests
// the socket may hold. It also owns the socket's stream registry (stream_id →
// request id), since a stream's slot is what the stream limit counts.
import type { AgentConfig } from '../config/types.ts';
import type { FrameError } from '../errors.ts';
import type { K8sProxyRequest } from '../protocol/types.ts';
import * as refusals from '../proxy/refusals.ts';
import { RateLimiter } from './rate-limiter.ts';

export type Verdict =
  | { ok: true; streamId: string | undefined }
  | { ok: false; err: FrameError; headers?: Record<string, string> };

export class Admission {
  readonly #limits: AgentConfig['proxy'];
  readonly #rate: RateLimiter;
  readonly #streams = new Map<string, string>(); // stream_id → request id
  #requests = 0;
  #nextStream = 0;

  constructor(limits: AgentConfig['proxy']) {
    this.#limits = limits;
    this.#rate = new RateLimiter(limits.rate_limit.requests_per_second, limits.rate_limit.burst);
  }

  get streams(): number {
    return this.#streams.size;
  }

  get requests(): number {
    return this.#requests;
  }

  /** The request id of an open stream. */
  requestOf(streamId: string | undefined): string | undefined {
    return streamId === undefined ? undefined : this.#streams.get(streamId);
  }

  /**
   * Takes a slot for the frame, or says why not. `inFlight` tells whether the id is already running on this socket.
   * A stream keeps the stream_id it asked for when that one is free, else gets a fresh one.
   */
  admit(frame: K8sProxyRequest, bodyBytes: number, inFlight: (id: string) => boolean): Verdict {
    if (bodyBytes > this.#limits.max_body_bytes) return { ok: false, err: refusals.bodyTooLarge(this.#limits) };
    const wait = this.#rate.take();
    if (wait > 0) return { ok: false, err: refusals.rateLimited(this.#limits, wait), headers: { 'Retry-After': String(wait) } };
    if (inFlight(frame.id)) return { ok: false, err: refusals.duplicateId(frame.id) };
    if (frame.stream !== true) {
      if (this.#requests >= this.#limits.max_concurrent_requests) {
        return { ok: false, err: refusals.tooManyRequests(this.#limits), headers: { 'Retry-After': '1' } };
      }
      this.#requests++;
      return { ok: true, streamId: undefined };
    }
    if (this.#streams.size >= this.#limits.max_concurrent_streams) {
      return { ok: false, err: refusals.tooManyStreams(this.#limits), headers: { 'Retry-After': '1' } };
    }
    const streamId = frame.stream_id && !this.#streams.has(frame.stream_id) ? frame.stream_id : this.#newStreamId();
    this.#streams.set(streamId, frame.id);
    return { ok: true, streamId };
  }

  /** Gives back the slot admit() took. */
  release(streamId: string | undefined): void {
    if (streamId !== undefined) this.#streams.delete(streamId);
    else this.#requests--;
  }

  #newStreamId(): string {
    let id: string;
    do id = `s-${++this.#nextStream}`;
    while (this.#streams.has(id));
    return id;
  }
}
