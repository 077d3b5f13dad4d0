// Sends K8s proxy request frames to one agent over one socket and matches the answers
// by id. The control plane and the Runner both use it: either may send proxy frames.
//
// Every request frame gets exactly one terminal frame from the agent (docs/protocol.md), so a
// pending entry lives until that frame, a timeout the caller asked for, or socket loss. On a
// v2 socket, upgrade() opens an upgraded stream and its DATA frames go out in the binary form.
import { encodeBinary, type BinaryMessage } from '../../lib/protocol/binary-frame.ts';
import type { K8sProxyRequest, K8sProxyResponse, ProxyMethod } from '../../lib/protocol/types.ts';
import type { ProtocolVersion } from '../../lib/version.ts';
import { DuplexHandle } from './duplex-handle.ts';
import { StreamHandle, type StreamHandleHooks, type StreamHandleOptions } from './stream-handle.ts';

/** A request frame to send; `id` is generated when absent. */
export interface ProxyRequestInit {
  id?: string;
  method: ProxyMethod;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  query?: Record<string, string[]>;
  stream?: boolean;
  stream_id?: string;
  upgrade?: boolean;
}

export interface RequestOptions {
  /** Reject when the answer takes longer (a late answer is then dropped). Default: wait for the agent. */
  timeoutMs?: number;
}

export interface ProxyClientOptions {
  /** Serialises and sends one message (or binary frame); resolves once `ws` has written it. */
  send(message: object | BinaryMessage): Promise<void>;
  /** The socket's protocol version (default 1). */
  version?: ProtocolVersion;
  /** Prefix for generated ids, to tell the senders apart in logs. */
  idPrefix: string;
  /** Called when the unread chunks of any stream pass (true) or fall back under (false) the high-water mark. */
  onPressure?(pressing: boolean): void;
  stream?: StreamHandleOptions;
}

interface PendingRequest {
  resolve(frame: K8sProxyResponse): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout | undefined;
}

export class ProxyClient {
  private readonly options: ProxyClientOptions;
  private readonly requests = new Map<string, PendingRequest>();
  private readonly streams = new Map<string, StreamHandle>();
  private readonly pressing = new Set<StreamHandle>();
  private nextId = 1;
  private closedWith: Error | undefined;

  constructor(options: ProxyClientOptions) {
    this.options = options;
  }

  /** Requests and streams still waiting for their terminal frame. */
  get pending(): number {
    return this.requests.size + this.streams.size;
  }

  /**
   * Sends a non-stream request and resolves with its response frame. A refusal or failure by the agent itself is a
   * frame too, with `error_code` (docs/errors.md; `agentFrameError` in wire.ts reads it): act on the code, never on the
   * text of `error`.
   */
  async request(init: ProxyRequestInit, options: RequestOptions = {}): Promise<K8sProxyResponse> {
    if (init.stream === true) throw new TypeError('request() is for non-stream requests; use stream()');
    const frame = this.frame(init);
    const { promise, resolve, reject } = Promise.withResolvers<K8sProxyResponse>();
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            this.requests.delete(frame.id);
            reject(new Error(`request ${frame.id} timed out after ${options.timeoutMs} ms`));
          }, options.timeoutMs);
    this.requests.set(frame.id, { resolve, reject, timer });
    this.options.send(frame).catch((err: unknown) => {
      this.settleRequest(frame.id)?.reject(asError(err));
    });
    return promise;
  }

  /** Sends a stream request (`stream: true` is set for you) and returns its handle at once. */
  stream(init: ProxyRequestInit): StreamHandle {
    return this.open({ ...init, stream: true }, (id, streamId, hooks) => new StreamHandle(id, streamId, hooks, this.options.stream));
  }

  /**
   * Opens an upgraded stream (v2 only: `stream` and `upgrade` are set for you). `headers` are the client's, upgrade
   * headers included.
   */
  upgrade(init: ProxyRequestInit): DuplexHandle {
    if ((this.options.version ?? 1) < 2) throw new Error('upgraded streams need a pipeops.agent.v2 socket; this one is v1');
    return this.open({ ...init, stream: true, upgrade: true }, (id, streamId, hooks) => {
      const data = (sid: string, bytes: Buffer): Promise<void> => this.options.send(encodeBinary({ id, method: 'DATA', stream_id: sid }, bytes));
      return new DuplexHandle(id, streamId, { ...hooks, data }, this.options.stream);
    });
  }

  /** Registers a stream's handle under its id and sends the frame; a failed send fails the handle. */
  private open<H extends StreamHandle>(init: ProxyRequestInit, make: (id: string, streamId: string, hooks: StreamHandleHooks) => H): H {
    const frame = this.frame(init);
    // Name the stream ourselves so cancel() works before the start frame arrives.
    const streamId = (frame.stream_id ??= `s-${frame.id}`);
    const handle = make(frame.id, streamId, {
      cancel: (sid) => this.request({ method: 'CANCEL', stream_id: sid }),
      pressure: (h, on) => this.pressure(h, on),
    });
    this.streams.set(frame.id, handle);
    this.options.send(frame).catch((err: unknown) => {
      this.streams.delete(frame.id);
      handle.fail(asError(err));
    });
    return handle;
  }

  /**
   * Routes one response frame to its request (`body`: the raw body of a binary frame). Returns false when no request
   * has that id. A non-stream answer always carries its body in `frame.body` (base64), whichever form it came in.
   */
  handleFrame(frame: K8sProxyResponse, body?: Buffer): boolean {
    const handle = this.streams.get(frame.id);
    if (handle !== undefined) {
      if (handle.handleFrame(frame, body)) this.streams.delete(frame.id);
      return true;
    }
    const pending = this.settleRequest(frame.id);
    if (pending === undefined) return false;
    pending.resolve(body === undefined ? frame : { ...frame, body: body.toString('base64') });
    return true;
  }

  /** The socket is gone: everything pending fails, and later calls fail at once. */
  close(err: Error): void {
    this.closedWith ??= err;
    for (const id of [...this.requests.keys()]) this.settleRequest(id)?.reject(err);
    for (const handle of this.streams.values()) handle.fail(err);
    this.streams.clear();
  }

  private frame(init: ProxyRequestInit): K8sProxyRequest {
    if (this.closedWith !== undefined) throw this.closedWith;
    const id = init.id ?? `${this.options.idPrefix}-${this.nextId++}`;
    if (this.requests.has(id) || this.streams.has(id)) throw new Error(`request id ${id} is already in flight`);
    const frame: K8sProxyRequest = { ...init, id };
    return frame;
  }

  private settleRequest(id: string): PendingRequest | undefined {
    const pending = this.requests.get(id);
    if (pending === undefined) return undefined;
    this.requests.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  private pressure(handle: StreamHandle, on: boolean): void {
    const before = this.pressing.size > 0;
    if (on) this.pressing.add(handle);
    else this.pressing.delete(handle);
    const after = this.pressing.size > 0;
    if (before !== after) this.options.onPressure?.(after);
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
