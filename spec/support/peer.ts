// A small WebSocket server that plays the Runner (or control plane) for specs:
// the agent dials it, and the spec sends proxy frames and reads the answers.
// It is a test peer, not the reference Runner (examples/reference/): it keeps
// every frame it receives so specs can assert on exactly what crossed the wire.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeBinary, encodeBinary } from '../../lib/protocol/binary-frame.ts';
import type { K8sProxyRequest, K8sProxyResponse } from '../../lib/protocol/types.ts';
import { SUBPROTOCOL_V1 } from '../../lib/version.ts';

export interface PeerOptions {
  token?: string;
  path?: string;
  /**
   * The subprotocols this peer speaks, preferred first. Default pipeops.agent.v1 only: the specs that use the
   * default prove that a v1 peer still gets exactly v1.
   */
  protocols?: string[];
  /** Answer `register` with `registered` (control-plane role). */
  register?: { cluster_id: string; runners?: { url: string; token: string; name?: string }[] };
}

/** A frame as received; a binary frame's body is also put in `body` (base64), and `binary` says it came so. */
type Frame = K8sProxyResponse & { type?: string; payload?: unknown; binary?: boolean; bytes?: Buffer };

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
    ws.on('message', (data, isBinary) => {
      let frame: Frame;
      if (isBinary) {
        const decoded = decodeBinary(data as Buffer);
        if (!decoded.ok) throw new Error(`the agent sent a broken binary frame: ${decoded.error}`);
        frame = JSON.parse(decoded.json) as Frame;
        if (Object.hasOwn(frame, 'body')) throw new Error('the agent put body in the JSON part of a binary frame');
        frame.binary = true;
        frame.bytes = Buffer.from(decoded.body);
        if (decoded.body.length > 0) frame.body = decoded.body.toString('base64');
      } else {
        frame = JSON.parse((data as Buffer).toString('utf8')) as Frame;
      }
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

  /** Sends a frame in the v2 binary form: its JSON part without body, then the body's bytes. */
  sendBinary(frame: object, body?: Buffer): void {
    this.ws.send(Buffer.concat(encodeBinary(frame, body).parts), { binary: true });
  }

  /** Sends raw bytes as one binary WebSocket message (for malformed binary frames). */
  sendRaw(bytes: Buffer): void {
    this.ws.send(bytes, { binary: true });
  }

  /** The subprotocol this connection speaks. */
  get protocol(): string {
    return this.ws.protocol;
  }

  /** The first frame (already received or still to come) that passes the test. */
  next(test: (f: Frame) => boolean, timeoutMs = 45_000): Promise<Frame> {
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
      handleProtocols: (offered) => (options.protocols ?? [SUBPROTOCOL_V1]).find((p) => offered.has(p)) ?? false,
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
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
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
  connection(timeoutMs = 45_000): Promise<PeerConnection> {
    const open = this.open;
    if (open.length > 0) return Promise.resolve(open[open.length - 1]);
    return this.nextConnection(timeoutMs);
  }

  nextConnection(timeoutMs = 45_000): Promise<PeerConnection> {
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
