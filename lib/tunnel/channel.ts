// One connected socket's traffic: inbound messages are parsed and validated
// against the socket's protocol version, session messages go to the socket's
// owner, proxy frames are checked against the per-socket limits and executed;
// responses leave through the send queue. In v2, DATA frames are routed to
// their upgraded stream's window. A bad frame gets an error frame; nothing
// here takes the socket down.
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.ts';
import type { ProtocolVersion } from '../version.ts';
import type { FrameError } from '../errors.ts';
import { acknowledgeFrame, errorFrame } from '../protocol/error-frames.ts';
import { FRAME_ENCODERS, type FrameEncoder } from '../protocol/response-frames.ts';
import type { K8sProxyRequest, SessionMessage } from '../protocol/types.ts';
import { leadingId, parseBinaryInbound, parseInbound } from '../protocol/validate.ts';
import { DataWindow } from '../proxy/data-window.ts';
import * as refusals from '../proxy/refusals.ts';
import type { ProxyExecutor } from '../proxy/executor.ts';
import type { UpgradeExecutor } from '../proxy/upgrade-stream.ts';
import type { RequestEndObserver } from '../proxy/request-end.ts';
import { isWatchRequest } from '../protocol/watch.ts';
import { Admission } from './admission.ts';
import { SendQueue, type FrameTransport } from './send-queue.ts';
import { AckWindow, type Probe } from './ack-window.ts';

export interface ChannelObserver extends RequestEndObserver {
  frameInvalid?(): void;
  refused?(status: number): void;
}

export interface ChannelOptions {
  /** For logs: 'control-plane' or the Runner's name. */
  name: string;
  executor: ProxyExecutor;
  /** Runs upgraded streams; without it (or on a v1 socket) an upgrade is refused. */
  upgrades?: UpgradeExecutor;
  /** The protocol version the server selected (default 1). */
  version?: ProtocolVersion;
  limits: AgentConfig['proxy'];
  logger: Logger;
  onSession?: (message: SessionMessage) => void;
  observer?: ChannelObserver;
  /** Send-queue high-water mark in bytes. */
  highWaterMark?: number;
  /** The answers backed up past the high-water mark (true) or drained (false): stop and resume reading the socket. */
  onPressure?: (pressing: boolean) => void;
  compressBelow?: number;
  /** Pings the peer and reports its pong: bulk is then bounded by what the peer has read (ack-window.ts). */
  probe?: Probe;
}

interface InFlight {
  controller: AbortController;
  done: Promise<void>;
  streamId?: string;
  /** An upgraded stream's window, which its DATA frames go to. */
  window?: DataWindow;
}

export class Channel {
  readonly name: string;
  readonly version: ProtocolVersion;
  readonly #frames: FrameEncoder;
  readonly #queue: SendQueue;
  readonly #executor: ProxyExecutor;
  readonly #upgrades: UpgradeExecutor | undefined;
  readonly #limits: AgentConfig['proxy'];
  readonly #logger: Logger;
  readonly #onSession: (message: SessionMessage) => void;
  readonly #observer: ChannelObserver;
  readonly #admission: Admission;
  readonly #inFlight = new Map<string, InFlight>();
  #closing: string | undefined;

  constructor(transport: FrameTransport, options: ChannelOptions) {
    this.name = options.name;
    this.version = options.version ?? 1;
    this.#frames = FRAME_ENCODERS[this.version];
    this.#upgrades = options.upgrades;
    this.#queue = new SendQueue(transport, {
      highWaterMark: options.highWaterMark,
      compressBelow: options.compressBelow,
      ...(options.probe ? { acks: new AckWindow(options.probe) } : {}),
      ...(options.onPressure ? { onPressure: options.onPressure } : {}),
    });
    this.#executor = options.executor;
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#onSession = options.onSession ?? (() => {});
    this.#observer = options.observer ?? {};
    this.#admission = new Admission(options.limits);
  }

  get activeStreams(): number {
    return this.#admission.streams;
  }

  /** Bytes of frames waiting for the socket. */
  get backlogBytes(): number {
    return this.#queue.waitingBytes;
  }

  get activeRequests(): number {
    return this.#admission.requests;
  }

  /** Sends a session message; rejects when the socket is gone. */
  sendSession(message: SessionMessage): Promise<void> {
    return this.#queue.write(JSON.stringify(message));
  }

  /** Handles one inbound WebSocket message. Never throws. */
  receive(data: Buffer, isBinary: boolean): void {
    if (data.length > this.#limits.max_frame_bytes) {
      const id = leadingId(isBinary && this.version === 2 ? data.subarray(4) : data);
      this.#settle(id, undefined, refusals.frameTooLarge(this.#limits));
      return;
    }
    if (isBinary && this.version === 1) {
      this.#settle(leadingId(data), undefined, refusals.invalidFrame('binary messages are not accepted; send JSON text frames'));
      return;
    }
    const inbound = isBinary ? parseBinaryInbound(data) : parseInbound(data.toString('utf8'), this.version);
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
        else this.#settle(inbound.id, undefined, refusals.invalidFrame(inbound.error));
        return;
      case 'request':
        this.#request(inbound.frame, inbound.body);
        return;
    }
  }

  /**
   * Stops taking frames (503 from now on) and ends every stream at once with
   * `reason` (its done frame tells the peer to re-open it elsewhere). Non-stream
   * requests in flight are let finish for up to `timeoutMs`, then ended with
   * `reason` too; resolves once every terminal frame is sent (or 1 s after that).
   */
  async drain(reason: string, timeoutMs: number): Promise<void> {
    this.#closing ??= reason;
    const pending = [...this.#inFlight.values()];
    const why = refusals.shutdown(reason);
    for (const f of pending) if (f.streamId !== undefined) f.controller.abort(why);
    const all = Promise.allSettled(pending.map((f) => f.done));
    if (!(await settlesWithin(all, timeoutMs))) {
      for (const f of pending) f.controller.abort(why);
      await settlesWithin(all, 1000);
    }
  }

  /** The socket is gone: abort everything upstream; nobody is left to answer. */
  lost(reason = 'socket closed'): void {
    this.#closing ??= reason;
    this.#queue.close(new Error(reason));
    const why = refusals.socketLost(reason);
    for (const f of this.#inFlight.values()) f.controller.abort(why);
  }

  #request(frame: K8sProxyRequest, raw: Buffer | undefined): void {
    const stream = frame.stream === true;
    const refuse = (err: FrameError, headers?: Record<string, string>): void => {
      this.#settle(frame.id, frame, err, errorFrame(frame.id, err, { stream, ...(headers ? { headers } : {}) }));
    };
    const body = raw ?? decodeBody(frame.body);
    if (frame.method === 'DATA') return this.#data(frame, body);
    if (this.#closing) return refuse(refusals.shuttingDown());
    if (frame.method === 'CANCEL') return this.#cancel(frame);
    const verdict = this.#admission.admit(frame, body?.length ?? 0, (id) => this.#inFlight.has(id));
    if (!verdict.ok) return refuse(verdict.err, verdict.headers);
    const { streamId } = verdict;
    const controller = new AbortController();
    const entry: InFlight = { controller, done: Promise.resolve() };
    if (streamId !== undefined) entry.streamId = streamId;
    this.#inFlight.set(frame.id, entry);
    const ctx = {
      // One lane per request: its frames keep their order, and take turns with other streams'.
      sink: this.#queue.lane(frame.id),
      frames: this.#frames,
      signal: controller.signal,
      socket: this.name,
      ...(body !== undefined ? { body } : {}),
      ...(streamId !== undefined ? { streamId } : {}),
    };
    let run: Promise<void>;
    if (frame.upgrade === true && streamId !== undefined && this.#upgrades !== undefined) {
      entry.window = new DataWindow(this.#limits.upgrade.window);
      run = this.#upgrades.execute(frame, { ...ctx, streamId, window: entry.window });
    } else if (frame.upgrade === true) {
      // No upgrade executor (none configured for this socket): refused before the stream started.
      const err = refusals.upgradeDisabled('upgraded streams are disabled');
      run = this.#queue.write(errorFrame(frame.id, err, { stream: true })).catch(() => {});
    } else {
      run = this.#executor.execute(frame, ctx);
    }
    entry.done = run.finally(() => {
      this.#inFlight.delete(frame.id);
      this.#admission.release(streamId);
    });
  }

  #cancel(frame: K8sProxyRequest): void {
    const requestId = this.#admission.requestOf(frame.stream_id);
    const target = requestId === undefined ? undefined : this.#inFlight.get(requestId);
    if (!target) {
      this.#settle(frame.id, frame, refusals.unknownStream(frame.stream_id));
      return;
    }
    target.controller.abort(refusals.cancelled());
    this.#settle(frame.id, frame, undefined, acknowledgeFrame(frame.id));
  }

  /**
   * Bytes for an upgraded stream. No answer of its own; a DATA frame past the
   * stream's window ends that stream, one for a stream that is not open gets 404,
   * and one for a stream that is not upgraded ends that stream (it broke its rules).
   */
  #data(frame: K8sProxyRequest, body: Buffer | undefined): void {
    const requestId = this.#admission.requestOf(frame.stream_id);
    const target = requestId === undefined ? undefined : this.#inFlight.get(requestId);
    if (target === undefined || requestId !== frame.id) {
      const err = refusals.unknownStream(frame.stream_id, 'DATA for ');
      this.#answer(errorFrame(frame.id, err), err.status);
      return;
    }
    if (target.window === undefined) {
      this.#observer.frameInvalid?.();
      target.controller.abort(refusals.invalidFrame('DATA is only for upgraded streams'));
      return;
    }
    if (!target.window.push(body ?? EMPTY)) target.controller.abort(refusals.windowExceeded());
  }

  /** Answers a frame the channel settles by itself (a refusal, or a CANCEL's acknowledgement when `err` is undefined) and reports its end. */
  #settle(id: string, frame: K8sProxyRequest | undefined, err: FrameError | undefined, answer = err === undefined ? acknowledgeFrame(id) : errorFrame(id, err)): void {
    const status = err?.status ?? 200;
    this.#answer(answer, status);
    this.#observer.onRequestEnd?.({
      kind: frame?.stream === true ? 'stream' : 'request',
      socket: this.name,
      id,
      frame,
      verb: frame === undefined ? '' : isWatchRequest(frame) ? 'WATCH' : frame.method,
      status,
      byAgent: true,
      reason: err?.message,
      code: err?.code,
      bytesUp: 0,
      bytesDown: 0,
      startedAt: Date.now(),
      seconds: 0,
    });
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

const EMPTY = Buffer.alloc(0);

/** True when `promise` settled within `ms`, false when the time ran out first. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A text frame's base64 body as bytes (the schema has checked the alphabet). */
function decodeBody(body: string | undefined): Buffer | undefined {
  return body === undefined || body === '' ? undefined : Buffer.from(body, 'base64');
}
