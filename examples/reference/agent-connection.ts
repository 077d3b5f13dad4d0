// One agent socket on the Runner, after its `hello`: the agent's identity, whether it
// still takes requests (draining), the proxy client that matches answers to requests on
// this socket, and whether the socket is being read — paused by hand (a stalled Runner)
// or by stream pressure (a reader that fell behind), resumed only when neither holds.
import type { WebSocket } from 'ws';
import type { HelloMessage, K8sProxyResponse } from '../../lib/protocol/types.ts';
import type { ProtocolVersion } from '../../lib/version.ts';
import type { DuplexHandle } from './duplex-handle.ts';
import type { Replica } from './failover.ts';
import { ProxyClient, type ProxyRequestInit, type RequestOptions } from './proxy-client.ts';
import type { StreamHandle, StreamHandleOptions } from './stream-handle.ts';
import { sendMessage, socketVersion } from './wire.ts';

/** One agent connected to this Runner, after its `hello`. */
export interface RunnerAgent {
  readonly agentId: string;
  readonly clusterId: string;
  readonly hello: HelloMessage['payload'];
  /** hello's instance_id; '' from an agent that sends none. */
  readonly instanceId: string;
  /** It said `draining` (or refused a request because it is shutting down). */
  readonly draining: boolean;
  /** Connected and not draining: new requests may go to it. */
  readonly serving: boolean;
  markDraining(): void;
  readonly connectedAt: Date;
  /** Requests and streams waiting for their terminal frame. */
  readonly pending: number;
  /** Stop (true) or resume (false) reading this agent's socket, as a stalled Runner would. */
  readPaused: boolean;
  /** False while the socket is not being read (paused by hand or by stream pressure). */
  readonly reading: boolean;
  request(init: ProxyRequestInit, options?: RequestOptions): Promise<K8sProxyResponse>;
  stream(init: ProxyRequestInit): StreamHandle;
  /** An upgraded stream (exec, attach, port-forward); needs a pipeops.agent.v2 socket. */
  upgrade(init: ProxyRequestInit): DuplexHandle;
  /** The socket's protocol version, from the subprotocol selected. */
  readonly version: ProtocolVersion;
  send(message: object): Promise<void>;
  close(code?: number, reason?: string): void;
}

export class AgentConnection implements RunnerAgent, Replica {
  readonly agentId: string;
  readonly clusterId: string;
  readonly instanceId: string;
  readonly hello: HelloMessage['payload'];
  draining = false;
  readonly connectedAt = new Date();
  readonly client: ProxyClient;
  private readonly ws: WebSocket;
  private manualPause = false;
  private pressurePause = false;

  constructor(ws: WebSocket, hello: HelloMessage['payload'], stream: StreamHandleOptions | undefined) {
    this.ws = ws;
    this.hello = hello;
    this.agentId = hello.agent_id;
    this.clusterId = hello.cluster_id;
    this.instanceId = hello.instance_id ?? '';
    this.client = new ProxyClient({
      send: (message) => sendMessage(ws, message),
      version: socketVersion(ws),
      idPrefix: 'runner',
      onPressure: (pressing) => {
        this.pressurePause = pressing;
        this.applyPause();
      },
      ...(stream === undefined ? {} : { stream }),
    });
  }

  get pending(): number {
    return this.client.pending;
  }

  get serving(): boolean {
    return !this.draining && this.ws.readyState === this.ws.OPEN;
  }

  markDraining(): void {
    this.draining = true;
  }

  get readPaused(): boolean {
    return this.manualPause;
  }

  get reading(): boolean {
    return !this.ws.isPaused;
  }

  set readPaused(paused: boolean) {
    this.manualPause = paused;
    this.applyPause();
  }

  request(init: ProxyRequestInit, options?: RequestOptions): Promise<K8sProxyResponse> {
    return this.client.request(init, options);
  }

  stream(init: ProxyRequestInit): StreamHandle {
    return this.client.stream(init);
  }

  upgrade(init: ProxyRequestInit): DuplexHandle {
    return this.client.upgrade(init);
  }

  get version(): ProtocolVersion {
    return socketVersion(this.ws);
  }

  send(message: object): Promise<void> {
    return sendMessage(this.ws, message);
  }

  close(code = 1000, reason = ''): void {
    this.ws.close(code, reason);
  }

  private applyPause(): void {
    if (this.manualPause || this.pressurePause) this.ws.pause();
    else this.ws.resume();
  }
}
