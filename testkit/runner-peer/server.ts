// The Runner-side test peer: a WebSocket server the agent dials as one of its
// Runners (or, on /ws/agent with `register`, as its control plane). Specs, the
// bench and the soak run all use it; it is a test peer, not the reference
// Runner (examples/reference/), which is what the demo and operators run.
// It can be closed and listen again on the same port (a Runner that died and
// came back), and it selects the subprotocol from its own preference list, so
// a spec or bench row can pin v1 or v2.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { SUBPROTOCOL_V1 } from '../../lib/version.ts';
import { PeerConnection, type PeerMode } from './connection.ts';

export interface PeerOptions {
  /** The bearer token the agent must present; default: any. */
  token?: string;
  path?: string;
  /**
   * The subprotocols this peer speaks, preferred first. Default pipeops.agent.v1 only: the specs that use the
   * default prove that a v1 peer still gets exactly v1.
   */
  protocols?: string[];
  /** Answer `register` with `registered` (control-plane role). */
  register?: { cluster_id: string; runners?: { url: string; token: string; name?: string }[] };
  /** `recording` keeps every frame (specs); `routing` keeps none (bench, soak). Default recording. */
  mode?: PeerMode;
  /** Accept permessage-deflate when the agent offers it (as the reference Runner does). Default off. */
  perMessageDeflate?: boolean;
  maxPayload?: number;
  /** Called for each new connection before any frame is read (a peer that misbehaves on connect). */
  onConnection?: (conn: PeerConnection) => void;
}

export class Peer {
  readonly options: PeerOptions;
  readonly connections: PeerConnection[] = [];
  #server: Server | undefined;
  #wss: WebSocketServer | undefined;
  #waiters: ((c: PeerConnection) => void)[] = [];
  #port = 0;

  constructor(options: PeerOptions = {}) {
    this.options = options;
  }

  /** Listens on `port` (0: a free one, kept for later restarts). */
  async listen(port = this.#port): Promise<this> {
    const o = this.options;
    const server = createServer();
    const wss = new WebSocketServer({
      server,
      path: o.path ?? '/ws/runner',
      perMessageDeflate: o.perMessageDeflate ?? false,
      ...(o.maxPayload !== undefined ? { maxPayload: o.maxPayload } : {}),
      handleProtocols: (offered) => (o.protocols ?? [SUBPROTOCOL_V1]).find((p) => offered.has(p)) ?? false,
      verifyClient: (info, cb) => {
        if (o.token !== undefined && info.req.headers.authorization !== `Bearer ${o.token}`) cb(false, 401);
        else cb(true);
      },
    });
    wss.on('connection', (ws, req) => {
      const conn = new PeerConnection(ws, req.headers, o.mode);
      this.connections.push(conn);
      if (o.register) {
        const reg = o.register;
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
          const m = JSON.parse((data as Buffer).toString('utf8')) as { type?: string; id?: string };
          if (m.type === 'register') ws.send(JSON.stringify({ type: 'registered', id: m.id, payload: reg }));
        });
      }
      o.onConnection?.(conn);
      for (const w of this.#waiters.splice(0)) w(conn);
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

  get port(): number {
    return this.#port;
  }

  /** ws:// URL of the socket path (a Runner URL). */
  get url(): string {
    return `ws://127.0.0.1:${this.#port}${this.options.path ?? '/ws/runner'}`;
  }

  /** http:// base URL (a control-plane api_url when path is /ws/agent). */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get open(): PeerConnection[] {
    return this.connections.filter((c) => c.open);
  }

  /** The latest open connection, or the next one the agent makes. */
  connection(timeoutMs = 45_000): Promise<PeerConnection> {
    const open = this.open;
    if (open.length > 0) return Promise.resolve(open[open.length - 1]);
    return this.nextConnection(timeoutMs);
  }

  nextConnection(timeoutMs = 45_000): Promise<PeerConnection> {
    return new Promise((resolve, reject) => {
      const waiter = (c: PeerConnection): void => {
        clearTimeout(t);
        resolve(c);
      };
      const t = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`the agent did not connect to ${this.url} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Kills every connection and stops listening (a Runner that died); `listen()` brings it back. */
  async close(): Promise<void> {
    const server = this.#server;
    const wss = this.#wss;
    this.#server = undefined;
    this.#wss = undefined;
    if (!server || !wss) return;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
