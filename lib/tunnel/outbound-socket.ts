// One outbound WebSocket, kept up: dial with the bearer token offering the
// pipeops.agent.v2 and v1 subprotocols (the server picks; its choice is the
// socket's protocol version), watch liveness with ping/pong, and redial as
// redial-backoff.ts says (p-retry drives the attempts). The same class serves
// the control plane and every Runner.
import type { IncomingMessage, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import pRetry from 'p-retry';
import WebSocket from 'ws';
import type { Logger } from 'pino';
import { AgentError, isAgentError } from '../errors.ts';
import { protocolVersion, SUBPROTOCOLS, type ProtocolVersion } from '../version.ts';
import { Channel, type ChannelOptions } from './channel.ts';
import { dialTrust, openWebSocket, type DialSettings } from './dial-options.ts';
import { RedialBackoff } from './redial-backoff.ts';
import { pingProbe, turnCorked } from './ws-pacing.ts';

export interface ReconnectPolicy {
  enabled: boolean;
  /** 0 = forever. */
  max_attempts: number;
  /** Backoff base in ms. */
  interval: number;
  /** Backoff cap in ms. */
  max_interval: number;
}

export interface OutboundSocketOptions {
  name: string;
  url: string;
  token: () => string;
  caFile?: string;
  insecureSkipVerify?: boolean;
  compression: boolean;
  /** Hard cap on an inbound message; larger ones close the socket (1009). */
  maxPayload: number;
  pingInterval: number;
  handshakeTimeout: number;
  reconnect: ReconnectPolicy;
  logger: Logger;
  channel: Omit<ChannelOptions, 'name' | 'logger' | 'version'>;
  /** Subprotocols offered, preferred first (default: v2, then v1). */
  subprotocols?: readonly string[];
  /** Called once per established connection, before any message is read. */
  onOpen?: (channel: Channel) => void;
  onClose?: (info: { code: number; reason: string }) => void;
  /** Called when reconnecting has been given up (max_attempts reached or reconnect disabled). */
  onGiveUp?: (err: Error) => void;
  random?: () => number;
  /** The clock the backoff reads (ms); performance.now by default. */
  now?: () => number;
  /** Waits between dials; resolves early when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class OutboundSocket {
  readonly name: string;
  readonly #opts: OutboundSocketOptions;
  readonly #log: Logger;
  readonly #trust: Pick<DialSettings, 'extraCa' | 'insecureSkipVerify'>;
  readonly #stop = new AbortController();
  #ws: WebSocket | undefined;
  #channel: Channel | undefined;
  #loop: Promise<void> | undefined;
  #connects = 0;

  constructor(options: OutboundSocketOptions) {
    this.name = options.name;
    this.#opts = options;
    this.#log = options.logger.child({ socket: options.name });
    this.#trust = dialTrust(options);
    if (options.insecureSkipVerify) {
      this.#log.warn('TLS verification is disabled for this socket (pipeops.tls.insecure_skip_verify)');
    }
  }

  get connected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  get channel(): Channel | undefined {
    return this.#channel;
  }

  /** How many times the socket has connected; 1 after the first connection. */
  get connects(): number {
    return this.#connects;
  }

  /** Closes the current connection (e.g. a session that failed); the socket redials with backoff. */
  drop(code = 4000, reason = ''): void {
    this.#ws?.close(code, reason);
  }

  start(): void {
    this.#loop ??= this.#run().catch((err: unknown) => {
      this.#log.error({ err }, 'socket loop failed');
    });
  }

  /** Ends the socket: drains its requests (done + "shutdown"), closes with 1001, stops redialling. */
  async stop(drainTimeoutMs = 5_000): Promise<void> {
    this.#stop.abort();
    const ws = this.#ws;
    if (this.#channel) await this.#channel.drain('shutdown', drainTimeoutMs);
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          ws.terminate();
          resolve();
        }, 2_000);
        ws.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        ws.close(1001, 'shutdown');
      });
    }
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { reconnect } = this.#opts;
    const backoff = new RedialBackoff(reconnect, this.#opts.now, this.#opts.random);
    const wait = this.#opts.sleep ?? sleep;
    while (!this.#stop.signal.aborted) {
      let connection: { closed: Promise<void> };
      try {
        connection = await pRetry(() => this.#dial(), {
          retries: !reconnect.enabled ? 0 : reconnect.max_attempts > 0 ? reconnect.max_attempts : Infinity,
          minTimeout: 0,
          maxTimeout: 0,
          signal: this.#stop.signal,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            if (this.#stop.signal.aborted) return;
            const auth = isAgentError(error, 'AUTH_REJECTED') || isAgentError(error, 'SUBPROTOCOL');
            const delay = backoff.failed(auth);
            const fields = { attempt: attemptNumber, retriesLeft, delayMs: Math.round(delay), err: error.message };
            if (auth) this.#log.error(fields, 'connection refused: check the token (retrying at the backoff cap)');
            else this.#log.warn(fields, 'connection failed; redialling');
            if (retriesLeft > 0) await wait(delay, this.#stop.signal);
          },
        });
      } catch (err) {
        if (this.#stop.signal.aborted) return;
        this.#log.error({ err: (err as Error).message }, 'giving up on this socket');
        this.#opts.onGiveUp?.(err as Error);
        return;
      }
      backoff.opened();
      await connection.closed;
      if (this.#stop.signal.aborted || !reconnect.enabled) return;
      // A socket that dies right after it opened is a failure too: back off
      // instead of redialling a flapping server in a tight loop.
      const delay = backoff.closed();
      this.#log.debug({ delayMs: Math.round(delay), recovering: backoff.recovering }, 'redialling');
      await wait(delay, this.#stop.signal);
    }
  }

  /** Dials once; resolves, once open, with a promise of the connection's end. */
  #dial(): Promise<{ closed: Promise<void> }> {
    const o = this.#opts;
    return new Promise<{ closed: Promise<void> }>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      const offered = o.subprotocols ?? SUBPROTOCOLS;
      const ws = openWebSocket(o.url, offered, {
        token: o.token(),
        ...this.#trust,
        compression: o.compression,
        handshakeTimeout: o.handshakeTimeout,
        maxPayload: o.maxPayload,
      });
      this.#ws = ws;
      let raw: Socket | undefined;
      ws.once('upgrade', (res: IncomingMessage) => (raw = res.socket));
      ws.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        res.resume();
        req.destroy();
        fail(
          status === 401 || status === 403
            ? new AgentError('AUTH_REJECTED', `${o.name}: the server refused the token (HTTP ${status} at upgrade)`)
            : new Error(`${o.name}: upgrade refused with HTTP ${status}`),
        );
      });
      ws.on('error', (err) =>
        // ws itself rejects an upgrade whose subprotocol is missing or not the one offered.
        fail(/subprotocol/i.test(err.message) ? new AgentError('SUBPROTOCOL', `${o.name}: server selected none of the subprotocols ${offered.join(', ')} (${err.message})`) : err),
      );
      ws.once('close', (code) => fail(new Error(`${o.name}: closed before opening (${code})`)));
      ws.once('open', () => {
        const version = offered.includes(ws.protocol) ? protocolVersion(ws.protocol) : undefined;
        if (version === undefined) {
          ws.close(1002, 'subprotocol required');
          fail(new AgentError('SUBPROTOCOL', `${o.name}: server selected none of the subprotocols ${offered.join(', ')}`));
          return;
        }
        settled = true;
        ws.removeAllListeners('error');
        ws.removeAllListeners('close');
        // Serve at once, inside the open event: a frame the server sends right
        // after the upgrade may be emitted before any promise continuation runs.
        resolve({ closed: this.#serve(ws, version, raw) });
      });
    });
  }

  /** Runs one established connection; resolves when it closes. */
  #serve(ws: WebSocket, version: ProtocolVersion, raw: Socket | undefined): Promise<void> {
    const o = this.#opts;
    this.#connects++;
    // Bounded inbound (the ws habit): while answers back up past the queue's
    // high-water mark, stop reading the socket; a peer that floods frames and
    // never reads then fills its own buffers, not the agent's memory.
    const channel = new Channel(turnCorked(ws, raw), {
      ...o.channel,
      name: o.name,
      logger: this.#log,
      version,
      onPressure: (pressing) => (pressing ? ws.pause() : ws.resume()),
      probe: pingProbe(ws),
    });
    this.#channel = channel;
    let lastSeen = performance.now();
    const seen = (): void => {
      lastSeen = performance.now();
    };
    const liveness = setInterval(() => {
      if (performance.now() - lastSeen > 2 * o.pingInterval) {
        this.#log.warn({ silentMs: Math.round(performance.now() - lastSeen) }, 'no pong or traffic for two ping intervals; redialling');
        ws.terminate();
        return;
      }
      ws.ping();
    }, o.pingInterval);
    liveness.unref();
    ws.on('pong', seen);
    ws.on('ping', seen);
    ws.on('message', (data, isBinary) => {
      seen();
      channel.receive(toBuffer(data), isBinary);
    });
    ws.on('error', (err) => this.#log.warn({ err: err.message }, 'socket error'));
    this.#log.info({ url: redactUrl(o.url), protocol: ws.protocol, compression: Boolean(ws.extensions) }, 'connected');
    try {
      o.onOpen?.(channel);
    } catch (err) {
      this.#log.error({ err }, 'onOpen handler failed');
    }
    return new Promise<void>((resolve) => {
      ws.once('close', (code, reason) => {
        clearInterval(liveness);
        channel.lost();
        const info = { code, reason: reason.toString() };
        this.#log.info(info, 'disconnected');
        try {
          o.onClose?.(info);
        } catch (err) {
          this.#log.error({ err }, 'onClose handler failed');
        }
        resolve();
      });
    });
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** URLs are logged without credentials or query. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
