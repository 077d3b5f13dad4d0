// A scriptable WebSocket server for session specs: it plays the control plane
// (answers `register` as the spec says: registered, error or silence) or a
// Runner (takes `hello`), records every session message, and counts open
// connections server-side so a spec can assert "exactly one socket each".
// It can be stopped and started again on the same port, as a control plane
// that goes away and comes back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { K8sProxyRequest, K8sProxyResponse, RegisterMessage, RegisteredMessage, RunnerAssignment, SessionMessage } from '../../lib/protocol/types.ts';

export type RegisterAnswer =
  | { kind: 'registered'; payload: RegisteredMessage['payload'] }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'silence' };

export interface SessionServerOptions {
  /** The bearer token the server accepts; others get 401 at upgrade. */
  token?: string;
  /** How `register` is answered; called per register. Default: registered with cluster_id "cluster-1". */
  onRegister?: (message: RegisterMessage, connection: SessionConnection) => RegisterAnswer;
}

export interface Received {
  at: number;
  message: SessionMessage;
}

export class SessionConnection {
  readonly ws: WebSocket;
  readonly received: Received[] = [];
  readonly closed: Promise<number>;

  constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  send(message: object): void {
    this.ws.send(JSON.stringify(message));
  }
}

export class SessionServer {
  readonly #opts: SessionServerOptions;
  readonly connections: SessionConnection[] = [];
  readonly received: Received[] = [];
  /** Proxy response frames the agent sent back. */
  readonly frames: K8sProxyResponse[] = [];
  #frameWaiters: { test: (f: K8sProxyResponse) => boolean; resolve: (f: K8sProxyResponse) => void }[] = [];
  #server: Server | undefined;
  #wss: WebSocketServer | undefined;
  #port = 0;
  #waiters: { test: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  /** Upgrade attempts, accepted or not. */
  attempts = 0;

  constructor(options: SessionServerOptions = {}) {
    this.#opts = options;
  }

  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:<port>`: a pipeops.api_url. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** A Runner URL on this server. */
  runnerUrl(name = 'runner'): string {
    return `ws://127.0.0.1:${this.#port}/runner/${name}`;
  }

  /** Connections open right now. */
  get open(): SessionConnection[] {
    return this.connections.filter((c) => c.ws.readyState === c.ws.OPEN);
  }

  async start(port = this.#port): Promise<this> {
    const server = createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (protocols) => (protocols.has('pipeops.agent.v1') ? 'pipeops.agent.v1' : false),
    });
    server.on('upgrade', (req, socket, head) => {
      this.attempts++;
      if (this.#opts.token !== undefined && req.headers.authorization !== `Bearer ${this.#opts.token}`) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#wss = wss;
    this.#port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Closes every connection and the listener; start() brings it back on the same port. */
  async stop(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.#wss?.close();
    const server = this.#server;
    this.#server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Closes every open socket as a restarting control plane would; the listener stays. */
  dropAll(code = 1012, reason = 'restart'): void {
    for (const c of this.open) c.ws.close(code, reason);
  }

  /** Sends `runners` with the full set to every open connection. */
  pushRunners(runners: RunnerAssignment[]): void {
    for (const c of this.open) c.send({ type: 'runners', payload: { runners } });
  }

  /** Resolves with the next (or an already received, when `past`) message matching. */
  waitFor(test: (m: SessionMessage) => boolean, options: { timeoutMs?: number; past?: boolean } = {}): Promise<Received> {
    if (options.past) {
      const found = this.received.find((r) => test(r.message));
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter = { test: (r: Received) => test(r.message), resolve: (r: Received) => {
        clearTimeout(timer);
        resolve(r);
      } };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no matching message within ${options.timeoutMs ?? 5000} ms`));
      }, options.timeoutMs ?? 5000);
      this.#waiters.push(waiter);
    });
  }

  /** Sends a proxy request frame on the newest open connection and resolves with its terminal response. */
  proxy(frame: K8sProxyRequest, timeoutMs = 45_000): Promise<K8sProxyResponse> {
    const conn = this.open.at(-1);
    if (!conn) return Promise.reject(new Error('no open connection'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${frame.id} within ${timeoutMs} ms`)), timeoutMs);
      this.#frameWaiters.push({
        test: (f) => f.id === frame.id && (f.stream !== true || f.done === true),
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
      conn.send(frame);
    });
  }

  of<T extends SessionMessage['type']>(type: T): Extract<SessionMessage, { type: T }>[] {
    return this.received.filter((r) => r.message.type === type).map((r) => r.message as Extract<SessionMessage, { type: T }>);
  }

  #accept(ws: WebSocket): void {
    const conn = new SessionConnection(ws);
    this.connections.push(conn);
    ws.on('message', (data) => {
      let message: SessionMessage;
      try {
        message = JSON.parse((data as Buffer).toString('utf8')) as SessionMessage;
      } catch {
        return;
      }
      if (typeof message.type !== 'string') {
        const frame = message as unknown as K8sProxyResponse;
        this.frames.push(frame);
        for (const w of [...this.#frameWaiters]) {
          if (w.test(frame)) {
            this.#frameWaiters.splice(this.#frameWaiters.indexOf(w), 1);
            w.resolve(frame);
          }
        }
        return;
      }
      const r = { at: Date.now(), message };
      conn.received.push(r);
      this.received.push(r);
      if (message.type === 'register') this.#answer(message, conn);
      for (const w of [...this.#waiters]) {
        if (w.test(r)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(r);
        }
      }
    });
  }

  #answer(message: RegisterMessage, conn: SessionConnection): void {
    const answer = this.#opts.onRegister?.(message, conn) ?? { kind: 'registered', payload: { cluster_id: 'cluster-1' } };
    if (answer.kind === 'registered') conn.send({ type: 'registered', id: message.id, payload: answer.payload });
    else if (answer.kind === 'error') conn.send({ type: 'error', id: message.id, payload: { code: answer.code, message: answer.message } });
  }
}
