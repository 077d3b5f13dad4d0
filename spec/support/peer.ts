// A small WebSocket server that plays the Runner (or control plane) for specs:
// the agent dials it, and the spec sends proxy frames and reads the answers.
// It is a test peer, not the reference Runner (examples/reference/): it keeps
// every frame it receives so specs can assert on exactly what crossed the wire.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { K8sProxyRequest, K8sProxyResponse } from '../../lib/protocol/types.ts';

export interface PeerOptions {
  token?: string;
  path?: string;
  /** Answer `register` with `registered` (control-plane role). */
  register?: { cluster_id: string; runners?: { url: string; token: string; name?: string }[] };
}

type Frame = K8sProxyResponse & { type?: string; payload?: unknown };

export class PeerConnection {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly headers: Record<string, string | string[] | undefined>;
  #waiters: { test: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  closed: Promise<number>;

  constructor(ws: WebSocket, headers: Record<string, string | string[] | undefined>) {
    this.ws = ws;
    this.headers = headers;
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString('utf8')) as Frame;
      this.frames.push(frame);
      for (const w of [...this.#waiters]) {
        if (w.test(frame)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) that passes the test. */
  next(test: (f: Frame) => boolean, timeoutMs = 15_000): Promise<Frame> {
    const found = this.frames.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: (f: Frame) => { clearTimeout(t); resolve(f); } };
      const t = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Sends a request and resolves with its terminal frame. */
  async request(frame: Partial<K8sProxyRequest> & { id: string }, timeoutMs?: number): Promise<K8sProxyResponse> {
    this.send(frame);
    return this.next((f) => f.id === frame.id && isTerminal(f), timeoutMs);
  }

  /** Every frame received so far for a request id. */
  framesFor(id: string): Frame[] {
    return this.frames.filter((f) => f.id === id);
  }

  /** Stops reading from the socket (a Runner that reads slowly). */
  pause(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resume(): void {
    (this.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  }
}

export function isTerminal(f: K8sProxyResponse): boolean {
  return f.done === true || (f.stream !== true && f.status_code !== undefined);
}

export class Peer {
  readonly server: Server;
  readonly wss: WebSocketServer;
  readonly connections: PeerConnection[] = [];
  readonly options: PeerOptions;
  #waiters: ((c: PeerConnection) => void)[] = [];

  constructor(options: PeerOptions = {}) {
    this.options = options;
    this.server = createServer();
    this.wss = new WebSocketServer({
      server: this.server,
      path: options.path ?? '/ws/runner',
      handleProtocols: (protocols) => (protocols.has('pipeops.agent.v1') ? 'pipeops.agent.v1' : false),
      verifyClient: (info, cb) => {
        if (options.token !== undefined && info.req.headers.authorization !== `Bearer ${options.token}`) cb(false, 401);
        else cb(true);
      },
    });
    this.wss.on('connection', (ws, req) => {
      const conn = new PeerConnection(ws, req.headers);
      this.connections.push(conn);
      if (options.register) {
        const reg = options.register;
        ws.on('message', (data) => {
          const m = JSON.parse((data as Buffer).toString('utf8')) as { type?: string; id?: string };
          if (m.type === 'register') ws.send(JSON.stringify({ type: 'registered', id: m.id, payload: reg }));
        });
      }
      for (const w of this.#waiters.splice(0)) w(conn);
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** ws:// URL of the socket path (a Runner URL). */
  get url(): string {
    return `ws://127.0.0.1:${this.port}${this.options.path ?? '/ws/runner'}`;
  }

  /** http:// base URL (a control-plane api_url when path is /ws/agent). */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get open(): PeerConnection[] {
    return this.connections.filter((c) => c.ws.readyState === c.ws.OPEN);
  }

  /** The next connection the agent makes (or the latest open one). */
  connection(timeoutMs = 15_000): Promise<PeerConnection> {
    const open = this.open;
    if (open.length > 0) return Promise.resolve(open[open.length - 1]);
    return this.nextConnection(timeoutMs);
  }

  nextConnection(timeoutMs = 15_000): Promise<PeerConnection> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the agent did not connect')), timeoutMs);
      this.#waiters.push((c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
