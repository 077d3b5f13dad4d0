// One connected socket's traffic: inbound messages are parsed and validated,
// session messages go to the socket's owner, proxy frames are checked against
// the per-socket limits and executed; responses leave through the send queue.
// A bad frame gets an error frame; nothing here takes the socket down.
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.ts';
import type { K8sProxyRequest, SessionMessage } from '../protocol/types.ts';
import { parseInbound } from '../protocol/validate.ts';
import type { ProxyExecutor } from '../proxy/executor.ts';
import { encodeFrame, errorFrame } from '../proxy/response-frames.ts';
import { RateLimiter } from './rate-limiter.ts';
import { SendQueue, type FrameTransport } from './send-queue.ts';

export interface ChannelObserver {
  frameInvalid?(): void;
  refused?(status: number): void;
}

export interface ChannelOptions {
  /** For logs: 'control-plane' or the Runner's name. */
  name: string;
  executor: ProxyExecutor;
  limits: AgentConfig['proxy'];
  logger: Logger;
  onSession?: (message: SessionMessage) => void;
  observer?: ChannelObserver;
  /** Send-queue high-water mark in bytes. */
  highWaterMark?: number;
  compressBelow?: number;
}

interface InFlight {
  controller: AbortController;
  done: Promise<void>;
  streamId?: string;
}

export class Channel {
  readonly name: string;
  readonly #queue: SendQueue;
  readonly #executor: ProxyExecutor;
  readonly #limits: AgentConfig['proxy'];
  readonly #logger: Logger;
  readonly #onSession: (message: SessionMessage) => void;
  readonly #observer: ChannelObserver;
  readonly #rate: RateLimiter;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #streams = new Map<string, string>(); // stream_id → request id
  #requests = 0;
  #nextStream = 0;
  #closing: string | undefined;

  constructor(transport: FrameTransport, options: ChannelOptions) {
    this.name = options.name;
    this.#queue = new SendQueue(transport, {
      highWaterMark: options.highWaterMark,
      compressBelow: options.compressBelow,
    });
    this.#executor = options.executor;
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#onSession = options.onSession ?? (() => {});
    this.#observer = options.observer ?? {};
    this.#rate = new RateLimiter(options.limits.rate_limit.requests_per_second, options.limits.rate_limit.burst);
  }

  get activeStreams(): number {
    return this.#streams.size;
  }

  get activeRequests(): number {
    return this.#requests;
  }

  /** Sends a session message; rejects when the socket is gone. */
  sendSession(message: SessionMessage): Promise<void> {
    return this.#queue.write(JSON.stringify(message));
  }

  /** Handles one inbound WebSocket message. Never throws. */
  receive(data: Buffer, isBinary: boolean): void {
    if (data.length > this.#limits.max_frame_bytes) {
      this.#answer(errorFrame(recoverId(data), 413, `frame larger than proxy.max_frame_bytes (${this.#limits.max_frame_bytes} bytes)`), 413);
      return;
    }
    if (isBinary) {
      this.#answer(errorFrame(recoverId(data), 400, 'invalid frame: binary messages are not accepted; send JSON text frames'), 400);
      return;
    }
    const inbound = parseInbound(data.toString('utf8'));
    switch (inbound.kind) {
      case 'session':
        try {
          this.#onSession(inbound.message);
        } catch (err) {
          this.#logger.error({ err, channel: this.name }, 'session message handler failed');
        }
        return;
      case 'unknown_type':
        this.#observer.frameInvalid?.();
        this.#sendError(inbound.id, 'unknown_type', `unknown message type ${JSON.stringify(inbound.type)}`);
        return;
      case 'invalid':
        this.#observer.frameInvalid?.();
        this.#logger.debug({ channel: this.name, id: inbound.id, error: inbound.error }, 'invalid frame');
        if (inbound.session) this.#sendError(inbound.id, 'invalid_message', inbound.error);
        else this.#answer(errorFrame(inbound.id, 400, `invalid frame: ${inbound.error}`), 400);
        return;
      case 'request':
        this.#request(inbound.frame);
        return;
    }
  }

  /**
   * Stops taking frames (503 from now on), ends every request with `reason`,
   * and waits (at most `timeoutMs`) for their terminal frames to be sent.
   */
  async drain(reason: string, timeoutMs: number): Promise<void> {
    this.#closing ??= reason;
    const pending = [...this.#inFlight.values()];
    for (const f of pending) f.controller.abort(reason);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(pending.map((f) => f.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** The socket is gone: abort everything upstream; nobody is left to answer. */
  lost(reason = 'socket closed'): void {
    this.#closing ??= reason;
    this.#queue.close(new Error(reason));
    for (const f of this.#inFlight.values()) f.controller.abort(reason);
  }

  #request(frame: K8sProxyRequest): void {
    const stream = frame.stream === true;
    const refuse = (status: number, error: string, headers?: Record<string, string>): void => {
      this.#answer(errorFrame(frame.id, status, error, stream ? {} : undefined, headers), status);
    };
    if (this.#closing) return refuse(503, 'shutdown: the agent is not taking new requests');
    if (frame.method === 'CANCEL') return this.#cancel(frame);
    const wait = this.#rate.take();
    if (wait > 0) {
      return refuse(429, `rate limited: over proxy.rate_limit (${this.#limits.rate_limit.requests_per_second}/s); retry after ${wait}s`, {
        'Retry-After': String(wait),
      });
    }
    if (this.#inFlight.has(frame.id)) return refuse(409, `request id ${JSON.stringify(frame.id)} is already in flight`);
    let streamId: string | undefined;
    if (stream) {
      if (this.#streams.size >= this.#limits.max_concurrent_streams) {
        return refuse(429, `too many streams: proxy.max_concurrent_streams (${this.#limits.max_concurrent_streams}) are open`, {
          'Retry-After': '1',
        });
      }
      streamId = frame.stream_id && !this.#streams.has(frame.stream_id) ? frame.stream_id : this.#newStreamId();
      this.#streams.set(streamId, frame.id);
    } else {
      if (this.#requests >= this.#limits.max_concurrent_requests) {
        return refuse(429, `too many requests: proxy.max_concurrent_requests (${this.#limits.max_concurrent_requests}) are in flight`, {
          'Retry-After': '1',
        });
      }
      this.#requests++;
    }
    const controller = new AbortController();
    const entry: InFlight = { controller, done: Promise.resolve() };
    if (streamId !== undefined) entry.streamId = streamId;
    this.#inFlight.set(frame.id, entry);
    const ctx = { sink: this.#queue, signal: controller.signal, ...(streamId !== undefined ? { streamId } : {}) };
    entry.done = this.#executor.execute(frame, ctx).finally(() => {
      this.#inFlight.delete(frame.id);
      if (streamId !== undefined) this.#streams.delete(streamId);
      else this.#requests--;
    });
  }

  #cancel(frame: K8sProxyRequest): void {
    const requestId = frame.stream_id === undefined ? undefined : this.#streams.get(frame.stream_id);
    const target = requestId === undefined ? undefined : this.#inFlight.get(requestId);
    if (!target) {
      this.#answer(errorFrame(frame.id, 404, `unknown stream ${JSON.stringify(frame.stream_id ?? '')}`), 404);
      return;
    }
    target.controller.abort('cancelled');
    this.#answer(encodeFrame({ id: frame.id, status_code: 200 }), 200);
  }

  #newStreamId(): string {
    let id: string;
    do id = `s-${++this.#nextStream}`;
    while (this.#streams.has(id));
    return id;
  }

  #answer(frame: string, status: number): void {
    if (status >= 400) this.#observer.refused?.(status);
    this.#queue.write(frame).catch(() => {
      // The socket is gone; the request is lost with it.
    });
  }

  #sendError(id: string, code: string, message: string): void {
    const msg: SessionMessage = { type: 'error', payload: { code, message } };
    if (id) msg.id = id;
    this.sendSession(msg).catch(() => {});
  }
}

/** Best-effort id of a frame too large or too broken to parse: only a leading "id" string is trusted. */
export function recoverId(data: Buffer): string {
  const head = data.subarray(0, 512).toString('utf8');
  const m = /^\s*\{\s*"id"\s*:\s*"((?:[^"\\]|\\.){0,256})"/.exec(head);
  if (!m) return '';
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return '';
  }
}
