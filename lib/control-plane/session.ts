// The control-plane session: register on every (re)connect, wait for
// `registered`, follow Runner assignments, send heartbeats. The control-plane
// socket also carries proxy frames like any Runner socket.
import type { Logger } from 'pino';
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
  registerPayload: () => Promise<RegisterMessage['payload']>;
  heartbeatPayload: () => Promise<HeartbeatMessage['payload']>;
  onRegistered?: (payload: RegisteredMessage['payload']) => void;
  onRunners?: (runners: RunnerAssignment[]) => void;
  onHeartbeatFailed?: (err: Error) => void;
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
      onOpen: () => this.#register(),
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
      this.#log.warn({ timeoutMs: this.#opts.registerTimeout }, 'no answer to register; redialling');
      this.#socket.drop(4000, 'register timeout');
    }, this.#opts.registerTimeout);
    this.#opts
      .registerPayload()
      .then((payload) => {
        if (this.#registerId !== id) return;
        const channel = this.#socket.channel;
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
          this.#log.error({ code: message.payload.code, reason: message.payload.message }, 'the control plane refused register; redialling');
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
    const beat = (): void => {
      const channel = this.#socket.channel;
      if (!this.#registered || !channel) return;
      this.#opts
        .heartbeatPayload()
        .then((payload) => channel.sendSession({ type: 'heartbeat', payload }))
        .catch((err: unknown) => {
          this.#log.warn({ err: (err as Error).message }, 'heartbeat failed');
          this.#opts.onHeartbeatFailed?.(err as Error);
        });
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
