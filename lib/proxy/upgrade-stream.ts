// Executes one upgraded stream (protocol v2): kubectl exec, attach, cp and
// port-forward, and WebSockets to pods and services. The upgrade goes to the
// API server over HTTP/1.1 with the agent's own credentials and the client's
// upgrade headers; on 101 the start frame relays the API server's headers and
// opens the DATA window, then bytes flow both ways untouched and in order
// until either side ends. Every call ends with exactly one terminal frame,
// unless the socket it answers on is gone; the upstream connection never
// outlives the stream.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.ts';
import { requestUpgrade, type UpgradeResult } from '../kube/upgrade-request.ts';
import type { KubeTarget } from '../kube/target.ts';
import type { Outbound } from '../protocol/binary-frame.ts';
import { abortError, type FrameError } from '../errors.ts';
import { errorFrame, streamEndFrame } from '../protocol/error-frames.ts';
import type { K8sProxyRequest } from '../protocol/types.ts';
import type { DataWindow } from './data-window.ts';
import type { ExecuteContext, ProxyObserver } from './executor.ts';
import { requestHeaders, responseHeaders, switchingHeaders } from './headers.ts';
import { impersonationPolicy, type ImpersonationPolicy } from './impersonation.ts';
import { checkPath, encodeQuery } from './path-policy.ts';
import * as refusals from './refusals.ts';
import { sendInChunks } from './response-pump.ts';
import { checkUpgrade } from './upgrade-policy.ts';

export interface UpgradeExecutorOptions {
  target: Pick<KubeTarget, 'origin' | 'tls' | 'authHeaders' | 'refreshAuth'>;
  limits: AgentConfig['proxy'];
  logger: Logger;
  observer?: ProxyObserver;
}

type Outcome = { status: number; reason?: string; error?: FrameError };

/** Thrown when the socket answering the stream is gone. */
class SinkGone extends Error {}

export class UpgradeExecutor {
  readonly #target: UpgradeExecutorOptions['target'];
  readonly #limits: AgentConfig['proxy'];
  readonly #logger: Logger;
  readonly #observer: ProxyObserver;
  readonly #impersonation: ImpersonationPolicy;

  constructor(options: UpgradeExecutorOptions) {
    this.#target = options.target;
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#observer = options.observer ?? {};
    this.#impersonation = impersonationPolicy(options.limits);
  }

  /** Never throws; resolves once the terminal frame is sent (or could not be). */
  async execute(frame: K8sProxyRequest, ctx: ExecuteContext & { window: DataWindow; streamId: string }): Promise<void> {
    const startedAt = Date.now();
    const started = performance.now();
    let outcome: Outcome = { status: 0 };
    try {
      outcome = await this.#run(frame, ctx);
    } catch (err) {
      const lost = refusals.socketLost(`socket lost: ${(err as Error).message}`);
      outcome = { status: 0, reason: lost.message, error: lost };
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.#observer.requestFinished?.('UPGRADE', outcome.status, seconds);
      // Byte counts of upgraded streams are not tallied per stream yet.
      this.#observer.onRequestEnd?.({
        kind: 'upgrade',
        socket: ctx.socket ?? '',
        id: frame.id,
        frame,
        verb: 'UPGRADE',
        status: outcome.status,
        byAgent: outcome.status !== 101 && outcome.reason !== undefined,
        reason: outcome.reason,
        code: outcome.error?.code,
        bytesUp: 0,
        bytesDown: 0,
        startedAt,
        seconds,
      });
      // Never the payload: only what was asked and how it ended.
      this.#logger.debug(
        { id: frame.id, method: frame.method, path: frame.path, status: outcome.status, ms: Math.round(seconds * 1000), reason: outcome.reason },
        'upgraded stream finished',
      );
    }
  }

  async #run(frame: K8sProxyRequest, ctx: ExecuteContext & { window: DataWindow; streamId: string }): Promise<Outcome> {
    const { sink, streamId, window } = ctx;
    const write = async (data: Outbound): Promise<void> => {
      try {
        await sink.write(data);
      } catch (err) {
        throw new SinkGone((err as Error).message, { cause: err });
      }
    };
    const refuse = (err: FrameError): Promise<Outcome> => this.#refuse(frame.id, write, err);

    const path = frame.path ?? '';
    const pathProblem = checkPath(path);
    if (pathProblem !== undefined) return refuse(refusals.policyRefused(pathProblem));
    const upgradeProblem = checkUpgrade(path, this.#limits.upgrade);
    if (upgradeProblem !== undefined) return refuse(upgradeProblem);
    const h = requestHeaders(frame.headers, this.#impersonation, true);
    if (!h.ok) return refuse(refusals.headersRefused(h));
    if (h.headers.upgrade === undefined) return refuse(refusals.invalidFrame('an upgrade frame needs the client\'s Upgrade header'));
    if (ctx.body !== undefined && ctx.body.length > 0) return refuse(refusals.invalidFrame('an upgrade request has no body (send bytes as DATA frames)'));

    // Until the 101 the request timeout applies; after it, the upgrade's own idle timeout.
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
    let socket: Socket | undefined;
    try {
      const requestPath = path + encodeQuery(frame.query);
      let result: UpgradeResult;
      try {
        result = await this.#open(frame.method, requestPath, h.headers, upstream.signal);
      } catch (err) {
        return await this.#failBeforeUpgrade(frame.id, write, reason, err as Error);
      }
      clearTimeout(timer);
      timer = undefined;
      if (result.kind === 'refused') return await this.#relayRefusal(frame.id, streamId, result.response, ctx, write, abort);

      socket = result.socket;
      const up = socket;
      upstream.signal.addEventListener('abort', () => up.destroy(), { once: true });
      if (upstream.signal.aborted) up.destroy();
      up.setNoDelay(true);
      const idle = this.#limits.upgrade.idle_timeout;
      const touch = (): void => {
        if (idle <= 0) return;
        clearTimeout(timer);
        timer = setTimeout(() => abort(refusals.idleTimeout()), idle);
      };
      touch();
      await write(
        ctx.frames.frame({
          id: frame.id,
          stream: true,
          stream_id: streamId,
          status_code: 101,
          headers: switchingHeaders(result.response.headers),
          window: window.size,
        }),
      );
      this.#observer.upgradeStarted?.();
      try {
        window.open(
          (bytes, written) => {
            touch();
            this.#observer.bytesUpstream?.(bytes.length);
            this.#observer.upgradeBytes?.('upstream', bytes.length);
            up.write(bytes, (err) => {
              if (!err) written();
            });
          },
          (grant) => {
            sink.write(ctx.frames.frame({ id: frame.id, stream: true, stream_id: streamId, window: grant })).catch(() => {});
          },
        );
        const error = await this.#pump(frame.id, streamId, up, result.head, ctx, touch);
        const ended = reason ?? error;
        await write(streamEndFrame(frame.id, streamId, ended));
        return { status: 101, ...(ended ? { reason: ended.message, error: ended } : {}) };
      } finally {
        this.#observer.upgradeEnded?.();
      }
    } finally {
      clearTimeout(timer);
      window.close();
      socket?.destroy();
      ctx.signal.removeEventListener('abort', onOwnerAbort);
    }
  }

  /** Opens the upgrade; a 401 is tried once more after the credentials were re-read (a rotated token). */
  async #open(method: string, path: string, headers: Record<string, string>, signal: AbortSignal): Promise<UpgradeResult> {
    const result = await requestUpgrade(this.#target, { method, path, headers, signal });
    if (result.kind === 'refused' && result.response.statusCode === 401 && (await this.#target.refreshAuth())) {
      result.response.resume();
      return requestUpgrade(this.#target, { method, path, headers, signal });
    }
    if (result.kind === 'upgraded' && signal.aborted) result.socket.destroy();
    return result;
  }

  /** API server bytes to the peer, in chunks of the sink's size (at most MAX_CHUNK_BYTES), each awaited. Resolves with an error, if any. */
  async #pump(
    id: string,
    streamId: string,
    socket: Socket,
    head: Buffer,
    ctx: ExecuteContext,
    touch: () => void,
  ): Promise<FrameError | undefined> {
    const sendPart = async (part: Buffer): Promise<void> => {
      this.#observer.bytesDownstream?.(part.length);
      this.#observer.upgradeBytes?.('downstream', part.length);
      try {
        await ctx.sink.write(ctx.frames.chunk(id, streamId, part));
      } catch (err) {
        throw new SinkGone((err as Error).message, { cause: err });
      }
    };
    const send = (bytes: Buffer): Promise<void> => sendInChunks(bytes, ctx.sink, sendPart);
    try {
      if (head.length > 0) await send(head);
      for await (const bytes of socket as AsyncIterable<Buffer>) {
        touch();
        await send(bytes);
      }
      return undefined;
    } catch (err) {
      if (err instanceof SinkGone) throw err;
      return refusals.upstreamReset(err);
    }
  }

  /** Anything but 101: one frame with the API server's status, headers and body, ending the stream. */
  async #relayRefusal(
    id: string,
    streamId: string,
    response: IncomingMessage,
    ctx: ExecuteContext,
    write: (data: Outbound) => Promise<void>,
    abort: (why: FrameError) => void,
  ): Promise<Outcome> {
    const parts: Buffer[] = [];
    let total = 0;
    try {
      for await (const part of response as AsyncIterable<Buffer>) {
        total += part.length;
        if (total > this.#limits.max_response_bytes) {
          const tooLarge = refusals.responseTooLarge(this.#limits, 'the API server refused the upgrade');
          abort(tooLarge);
          response.destroy();
          return this.#refuse(id, write, tooLarge);
        }
        parts.push(part);
      }
    } catch (err) {
      return this.#failBeforeUpgrade(id, write, undefined, err as Error);
    }
    const status = response.statusCode ?? 502;
    const body = Buffer.concat(parts, total);
    this.#observer.bytesDownstream?.(total);
    await write(ctx.frames.frame({ id, stream: true, stream_id: streamId, status_code: status, headers: responseHeaders(response.headers), done: true }, body));
    return { status };
  }

  /** No answer to the upgrade (timeout, shutdown, CANCEL, socket loss, unreachable): the stream never started. */
  #failBeforeUpgrade(id: string, write: (data: Outbound) => Promise<void>, reason: FrameError | undefined, err: Error): Promise<Outcome> {
    const code = (err as { code?: string }).code;
    return this.#refuse(id, write, reason ?? refusals.unreachable([code, err.message].filter(Boolean).join(': ')));
  }

  /** Answers the upgrade with the agent's own error: before the 101, so a done frame without a stream_id. */
  async #refuse(id: string, write: (data: Outbound) => Promise<void>, err: FrameError): Promise<Outcome> {
    await write(errorFrame(id, err, { stream: true }));
    return { status: err.status, reason: err.message, error: err };
  }
}
