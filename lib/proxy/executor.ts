// Executes one validated K8s proxy request against the API server and answers
// it: one response frame, or a stream (start, chunks, done). Every call ends
// with exactly one terminal frame, unless the socket it answers on is gone.
import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.ts';
import type { KubeTarget } from '../kube/target.ts';
import type { K8sProxyRequest, K8sProxyResponse } from '../protocol/types.ts';
import { checkPath, encodeQuery } from './path-policy.ts';
import { requestHeaders, responseHeaders } from './headers.ts';
import { abortError, type FrameError } from '../errors.ts';
import { errorFrame, streamEndFrame } from '../protocol/error-frames.ts';
import type { FrameEncoder } from '../protocol/response-frames.ts';
import { impersonationPolicy, type ImpersonationPolicy } from './impersonation.ts';
import type { RequestEndObserver } from './request-end.ts';
import * as refusals from './refusals.ts';
import { pumpStream, SinkFailed, type ChunkSink } from './response-pump.ts';
import { readBounded, requestBuffered, ResponseTooLarge, type BufferedResponse } from '../kube/buffered-request.ts';
import { negotiateWatch, watchStartHeaders } from './watch-framing.ts';
import { isFollowRequest, isWatchRequest } from '../protocol/watch.ts';
import { loggableBody, redactHeaders } from '../log/redact.ts';

/** Where a request's frames go: one lane of the socket's send queue. */
export type FrameSink = ChunkSink;

export interface ExecuteContext {
  sink: FrameSink;
  /** Builds frames in the form of the socket's protocol version. */
  frames: FrameEncoder;
  /** The request body, decoded (and checked against proxy.max_body_bytes) by the channel. */
  body?: Buffer;
  /** Aborted by the owner, with an AgentError (CANCELLED, SHUTTING_DOWN, SOCKET_LOST) as the reason; a string reason reads as CANCELLED. */
  signal: AbortSignal;
  /** The stream's id, for stream requests. */
  streamId?: string;
  /** The socket's name, for the request-end event. */
  socket?: string;
}

/** Hooks for metrics; every one optional. Labels must stay of bounded cardinality. */
export interface ProxyObserver extends RequestEndObserver {
  requestFinished?(verb: string, status: number, seconds: number): void;
  bytesUpstream?(n: number): void;
  bytesDownstream?(n: number): void;
  upgradeStarted?(): void;
  upgradeEnded?(): void;
  /** Bytes relayed on an upgraded stream (counted in bytesUpstream/bytesDownstream too). */
  upgradeBytes?(direction: 'upstream' | 'downstream', n: number): void;
}

export interface ProxyExecutorOptions {
  target: KubeTarget;
  limits: AgentConfig['proxy'];
  logger: Logger;
  observer?: ProxyObserver;
}

/** `agent`: answered by the agent itself, not relayed from the API server; `error`: the agent's error, if any. */
type Outcome = { status: number; reason?: string; agent?: true; error?: FrameError };
type Tally = { up: number; down: number };

export class ProxyExecutor {
  readonly #target: KubeTarget;
  readonly #limits: AgentConfig['proxy'];
  readonly #logger: Logger;
  readonly #observer: ProxyObserver;
  readonly #impersonation: ImpersonationPolicy;

  constructor(options: ProxyExecutorOptions) {
    this.#target = options.target;
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#observer = options.observer ?? {};
    this.#impersonation = impersonationPolicy(options.limits);
  }

  /** Never throws; resolves once the terminal frame is sent (or could not be). */
  async execute(frame: K8sProxyRequest, ctx: ExecuteContext): Promise<void> {
    const startedAt = Date.now();
    const started = performance.now();
    const watch = isWatchRequest(frame);
    const verb = watch ? 'WATCH' : frame.method;
    const tally: Tally = { up: 0, down: 0 };
    let outcome: Outcome = { status: 0 };
    try {
      outcome = await this.#run(frame, ctx, watch, tally);
    } catch (err) {
      // Only a failed sink gets here: the socket is gone and nobody can be answered.
      const lost = refusals.socketLost(`socket lost: ${(err as Error).message}`);
      outcome = { status: 0, reason: lost.message, agent: true, error: lost };
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.#observer.requestFinished?.(verb, outcome.status, seconds);
      this.#observer.onRequestEnd?.({
        kind: frame.stream === true ? 'stream' : 'request',
        socket: ctx.socket ?? '',
        id: frame.id,
        frame,
        verb,
        status: outcome.status,
        byAgent: outcome.agent === true,
        reason: outcome.reason,
        code: outcome.error?.code,
        bytesUp: tally.up,
        bytesDown: tally.down,
        startedAt,
        seconds,
      });
      if (this.#logger.isLevelEnabled('debug')) {
        this.#logger.debug(
          { id: frame.id, method: frame.method, path: frame.path, status: outcome.status, ms: Math.round(seconds * 1000), reason: outcome.reason },
          'proxied request finished',
        );
      }
    }
  }

  async #run(frame: K8sProxyRequest, ctx: ExecuteContext, watch: boolean, tally: Tally): Promise<Outcome> {
    const stream = frame.stream === true;
    const refuse = (err: FrameError): Promise<Outcome> => this.#refuse(frame, ctx, err);

    const path = frame.path ?? '';
    const pathProblem = checkPath(path);
    if (pathProblem) return refuse(refusals.policyRefused(pathProblem));
    const h = requestHeaders(frame.headers, this.#impersonation);
    if (!h.ok) return refuse(refusals.headersRefused(h));
    const body = ctx.body !== undefined && ctx.body.length > 0 ? ctx.body : undefined;
    if (body !== undefined) {
      tally.up = body.length;
      this.#observer.bytesUpstream?.(body.length);
    }
    // Watch chunks are one event each: ask for a form the agent can cut (watch-framing.ts).
    if (watch) negotiateWatch(h.headers);
    if (this.#logger.isLevelEnabled('debug')) {
      this.#logger.debug(
        { id: frame.id, method: frame.method, path, query: frame.query, headers: redactHeaders(h.headers), body: loggableBody(h.headers['content-type'], body) },
        'proxy request',
      );
    }

    // The upstream request gets its own controller: the owner's signal (CANCEL,
    // shutdown, socket loss) and our timeouts both end it.
    const upstream = new AbortController();
    let reason: FrameError | undefined;
    const abort = (why: FrameError): void => {
      reason ??= why;
      upstream.abort(why);
    };
    const onOwnerAbort = (): void => abort(abortError(ctx.signal.reason, 'CANCELLED'));
    if (ctx.signal.aborted) onOwnerAbort();
    else ctx.signal.addEventListener('abort', onOwnerAbort, { once: true });
    let timer: NodeJS.Timeout | undefined = setTimeout(() => abort(refusals.requestTimeout(this.#limits)), this.#limits.request_timeout);

    const requestPath = path + encodeQuery(frame.query);
    try {
      if (!stream) {
        // A plain request: read whole, without a body stream (buffered-request.ts).
        let whole: BufferedResponse;
        try {
          whole = await requestBuffered(this.#target.dispatcher, {
            path: requestPath,
            method: frame.method,
            headers: h.headers,
            body,
            signal: upstream.signal,
            maxBytes: this.#limits.max_response_bytes,
          });
        } catch (err) {
          if (err instanceof ResponseTooLarge) return await refuse((reason ??= refusals.responseTooLarge(this.#limits)));
          return await this.#failBeforeResponse(frame, ctx, reason, err as Error);
        }
        return await this.#answerWhole(frame, ctx, whole.statusCode, responseHeaders(whole.headers), whole.body, tally);
      }
      let res: Dispatcher.ResponseData;
      try {
        // Watches and log follows stay open: HTTP/2, many to a connection; lists go over HTTP/1.1. Both dispatchers
        // add the credentials and retry once after a 401 (kube/interceptors.ts).
        const dispatcher = watch || isFollowRequest(frame) ? this.#target.streamDispatcher : this.#target.dispatcher;
        res = await dispatcher.request({ path: requestPath, method: frame.method, headers: h.headers, body: body ?? null, signal: upstream.signal });
      } catch (err) {
        return await this.#failBeforeResponse(frame, ctx, reason, err as Error);
      }
      const headers = responseHeaders(res.headers);

      if (res.statusCode < 200 || res.statusCode >= 300) {
        // A stream the API server refused: its answer, read whole, in one done frame.
        let answer: Buffer;
        try {
          answer = await readBounded(res.body as AsyncIterable<Buffer>, this.#limits.max_response_bytes);
        } catch (err) {
          if (!(err instanceof ResponseTooLarge)) return await this.#failBeforeResponse(frame, ctx, reason, err as Error);
          const tooLarge = refusals.responseTooLarge(this.#limits);
          abort(tooLarge);
          return await refuse(tooLarge);
        }
        return await this.#answerWhole(frame, ctx, res.statusCode, headers, answer, tally);
      }

      // A stream: start frame, then chunks as the API server sends them.
      clearTimeout(timer);
      timer = undefined;
      const streamId = ctx.streamId ?? frame.id;
      const startHeaders = watch ? watchStartHeaders(headers) : headers;
      await ctx.sink.write(ctx.frames.frame({ id: frame.id, stream: true, stream_id: streamId, status_code: res.statusCode, headers: startHeaders }));
      const idle = this.#limits.stream_idle_timeout;
      const armIdle = (): void => {
        if (idle <= 0) return;
        clearTimeout(timer);
        timer = setTimeout(() => abort(refusals.idleTimeout()), idle);
      };
      armIdle();
      let error: FrameError | undefined;
      try {
        await pumpStream(res.body, {
          id: frame.id,
          streamId,
          sink: ctx.sink,
          frames: ctx.frames,
          watch,
          contentType: headers['Content-Type'],
          contentEncoding: headers['Content-Encoding'],
          maxEventBytes: this.#limits.max_frame_bytes,
          onData: armIdle,
          onBytes: (n) => {
            tally.down += n;
            this.#observer.bytesDownstream?.(n);
          },
        });
      } catch (err) {
        if (err instanceof SinkFailed) throw err.cause;
        error = reason ?? refusals.upstreamReset(err);
      }
      await ctx.sink.write(streamEndFrame(frame.id, streamId, error));
      return { status: res.statusCode, ...(error ? { reason: error.message, error } : {}) };
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onOwnerAbort);
    }
  }

  /** Relays an answer read whole: one response frame (for a stream the API server refused, its done frame). */
  async #answerWhole(frame: K8sProxyRequest, ctx: ExecuteContext, statusCode: number, headers: Record<string, string>, bytes: Buffer, tally: Tally): Promise<Outcome> {
    tally.down = bytes.length;
    this.#observer.bytesDownstream?.(bytes.length);
    if (this.#logger.isLevelEnabled('debug')) {
      this.#logger.debug({ id: frame.id, status: statusCode, headers: redactHeaders(headers), body: loggableBody(headers['Content-Type'], bytes) }, 'proxy response');
    }
    const out: K8sProxyResponse = { id: frame.id, status_code: statusCode, headers };
    if (frame.stream === true) {
      out.stream = true;
      if (ctx.streamId) out.stream_id = ctx.streamId;
      out.done = true;
    }
    await ctx.sink.write(ctx.frames.frame(out, bytes.length > 0 ? bytes : undefined));
    return { status: statusCode };
  }

  /**
   * The API server gave no answer: the request timed out, the agent is
   * shutting down, the owner ended it (CANCEL, socket loss) or the API server
   * could not be reached. Nothing was relayed, so the stream never started.
   */
  #failBeforeResponse(
    frame: K8sProxyRequest,
    ctx: ExecuteContext,
    reason: FrameError | undefined,
    err: Error,
  ): Promise<Outcome> {
    return this.#refuse(frame, ctx, reason ?? refusals.unreachable(describe(err)));
  }

  /** Answers the request with the agent's own error: before any stream started, so without a stream_id. */
  async #refuse(frame: K8sProxyRequest, ctx: ExecuteContext, err: FrameError): Promise<Outcome> {
    await ctx.sink.write(errorFrame(frame.id, err, { stream: frame.stream === true }));
    return { status: err.status, reason: err.message, agent: true, error: err };
  }
}

function describe(err: Error): string {
  const code = (err as { code?: string }).code;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return [code, err.message, cause?.code].filter(Boolean).join(': ');
}
