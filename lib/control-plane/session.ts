// The control-plane session: register on every (re)connect, wait for
// `registered`, follow Runner assignments, send heartbeats. The control-plane
// socket also carries proxy frames like any Runner socket.
import type { Logger } from 'pino';
import type { ErrorCode } from '../errors.ts';
import type { ProtocolVersion } from '../version.ts';
import type {
  HeartbeatMessage,
  RegisterMessage,
  RegisteredMessage,
  RunnerAssignment,
  SessionMessage,
} from '../protocol/types.ts';
import { OutboundSocket, type OutboundSocketOptions } from '../tunnel/outbound-socket.ts';

export interface ControlPlaneSessionOptions {
  socket: Omit<OutboundSocketOptions, 'name' | 'url' | 'onOpen' | 'onClose' | 'onGiveUp'>;
  apiUrl: string;
  logger: Logger;
  /** How long to wait for `registered` before dropping the socket and redialling. */
  registerTimeout: number;
  /** Default heartbeat interval; the control plane may override it in `registered`. */
  heartbeatInterval: number;
  /** The register payload for a socket of the given protocol version (its capabilities differ). */
  registerPayload: (version: ProtocolVersion) => Promise<RegisterMessage['payload']>;
  heartbeatPayload: () => Promise<HeartbeatMessage['payload']>;
  onRegistered?: (payload: RegisteredMessage['payload']) => void;
  onRunners?: (runners: RunnerAssignment[]) => void;
  onHeartbeatFailed?: (err: Error) => void;
  onHeartbeatSent?: () => void;
  /** register was refused (`error`) or not answered within registerTimeout. */
  onRegisterFailed?: (reason: string) => void;
  /** Every established connection; `reconnect` is false for the first. */
  onConnected?: (reconnect: boolean) => void;
}

/** `https://api.pipeops.io` → `wss://api.pipeops.io/ws/agent`. */
export function controlPlaneUrl(apiUrl: string): string {
  const u = new URL(apiUrl);
  if (u.protocol === 'https:') u.protocol = 'wss:';
  else if (u.protocol === 'http:') u.protocol = 'ws:';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/ws/agent`;
  return u.toString();
}

export class ControlPlaneSession {
  readonly #opts: ControlPlaneSessionOptions;
  readonly #log: Logger;
  readonly #socket: OutboundSocket;
  #registerId: string | undefined;
  #registerTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #registered = false;
  #beating = false;
  #heartbeatMs = 0;
  #registrations = 0;
  #clusterId = '';
  #seq = 0;

  constructor(options: ControlPlaneSessionOptions) {
    this.#opts = options;
    this.#log = options.logger.child({ component: 'control-plane' });
    this.#socket = new OutboundSocket({
      ...options.socket,
      name: 'control-plane',
      url: controlPlaneUrl(options.apiUrl),
      channel: { ...options.socket.channel, onSession: (m) => this.#onSession(m) },
      onOpen: () => {
        this.#opts.onConnected?.(this.#socket.connects > 1);
        this.#register();
      },
      onClose: () => this.#reset(),
    });
  }

  get registered(): boolean {
    return this.#registered;
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  get clusterId(): string {
    return this.#clusterId;
  }

  /** Successful registrations since start. */
  get registrations(): number {
    return this.#registrations;
  }

  /** The heartbeat interval in use (ms); 0 before the first registration. */
  get heartbeatInterval(): number {
    return this.#heartbeatMs;
  }

  get socket(): OutboundSocket {
    return this.#socket;
  }

  start(): void {
    this.#socket.start();
  }

  async stop(drainTimeoutMs?: number): Promise<void> {
    this.#reset();
    await this.#socket.stop(drainTimeoutMs);
  }

  #register(): void {
    const id = `register-${++this.#seq}`;
    this.#registerId = id;
    this.#registerTimer = setTimeout(() => {
      this.#log.warn({ code: 'REGISTER_FAILED' satisfies ErrorCode, timeoutMs: this.#opts.registerTimeout }, 'no answer to register; redialling');
      this.#opts.onRegisterFailed?.('timeout');
      this.#socket.drop(4000, 'register timeout');
    }, this.#opts.registerTimeout);
    const channel = this.#socket.channel;
    this.#opts
      .registerPayload(channel?.version ?? 1)
      .then((payload) => {
        if (this.#registerId !== id) return;
        return channel?.sendSession({ type: 'register', id, payload });
      })
      .catch((err: unknown) => this.#log.warn({ err: (err as Error).message }, 'sending register failed'));
  }

  #onSession(message: SessionMessage): void {
    switch (message.type) {
      case 'registered':
        if (message.id !== this.#registerId) {
          this.#log.warn({ id: message.id }, 'registered answers no pending register; ignored');
          return;
        }
        clearTimeout(this.#registerTimer);
        this.#registerId = undefined;
        this.#registered = true;
        this.#registrations++;
        this.#clusterId = message.payload.cluster_id;
        this.#log.info(
          { cluster_id: message.payload.cluster_id, runners: message.payload.runners?.length ?? 0 },
          'registered with the control plane',
        );
        this.#opts.onRegistered?.(message.payload);
        if (message.payload.runners) this.#opts.onRunners?.(message.payload.runners);
        this.#startHeartbeat((message.payload.heartbeat_interval_seconds ?? 0) * 1000 || this.#opts.heartbeatInterval);
        return;
      case 'runners':
        this.#opts.onRunners?.(message.payload.runners);
        return;
      case 'heartbeat_ack':
        return;
      case 'error':
        if (message.id !== undefined && message.id === this.#registerId) {
          clearTimeout(this.#registerTimer);
          this.#registerId = undefined;
          this.#log.error(
            { code: 'REGISTER_FAILED' satisfies ErrorCode, peer_code: message.payload.code, reason: message.payload.message },
            'the control plane refused register; redialling',
          );
          this.#opts.onRegisterFailed?.(`${message.payload.code}: ${message.payload.message}`);
          this.#socket.drop(4000, 'register refused');
          return;
        }
        this.#log.warn({ code: message.payload.code, reason: message.payload.message, id: message.id }, 'error from the control plane');
        return;
      default:
        this.#log.warn({ type: message.type }, 'unexpected message from the control plane; ignored');
    }
  }

  #startHeartbeat(intervalMs: number): void {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatMs = intervalMs;
    const beat = (): void => {
      const channel = this.#socket.channel;
      // One heartbeat at a time: a slow API server delays the next one, it does not pile them up.
      if (!this.#registered || !channel || this.#beating) return;
      this.#beating = true;
      this.#opts
        .heartbeatPayload()
        .then((payload) => channel.sendSession({ type: 'heartbeat', payload }))
        .then(() => this.#opts.onHeartbeatSent?.())
        .catch((err: unknown) => {
          this.#log.warn({ err: (err as Error).message }, 'heartbeat failed');
          this.#opts.onHeartbeatFailed?.(err as Error);
        })
        .finally(() => (this.#beating = false));
    };
    this.#heartbeatTimer = setInterval(beat, intervalMs);
    this.#heartbeatTimer.unref();
    beat();
  }

  #reset(): void {
    clearTimeout(this.#registerTimer);
    clearInterval(this.#heartbeatTimer);
    this.#registerId = undefined;
    this.#registered = false;
  }
}
