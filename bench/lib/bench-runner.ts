// The Runner side of the bench: a WebSocket server the agent dials (static
// Runner), which sends proxy frames and routes the answers by request id. It
// keeps no frame history (a 200 MB list would otherwise stay in memory) and
// reads chunk frames without JSON.parse: the id is located in the fixed head
// the agent writes and the base64 body is decoded in place, so the bench's own
// parsing does not hide the agent's cost. Anything else is parsed as JSON.
import type { K8sProxyResponse } from '../../lib/protocol/types.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ProxyFrame {
  id: string;
  method: string;
  path?: string;
  query?: Record<string, string[]>;
  headers?: Record<string, string>;
  stream?: boolean;
  stream_id?: string;
}

/** A response frame, or a session message (which has `type`). */
type Answer = K8sProxyResponse & { type?: string };

export interface StreamHandlers {
  onStart?: (status: number) => void;
  /** A chunk's decoded body; for a watch, one event. */
  onChunk?: (body: Buffer) => void;
}

export interface Outcome {
  status: number;
  bytes: number;
  error?: string;
}

interface Pending {
  handlers: StreamHandlers;
  bytes: number;
  status: number;
  resolve: (o: Outcome) => void;
}

const CHUNK_MARK = Buffer.from(',"chunk":true,"body":"');

export class RunnerConnection {
  readonly ws: WebSocket;
  readonly #pending = new Map<string, Pending>();
  readonly closed: Promise<void>;
  hello: unknown;
  #next = 0;

  constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data: Buffer) => this.#receive(data));
    ws.once('close', () => {
      for (const p of this.#pending.values()) p.resolve({ status: 0, bytes: p.bytes, error: 'socket closed' });
      this.#pending.clear();
    });
  }

  get compressed(): boolean {
    return this.ws.extensions.includes('permessage-deflate');
  }

  newId(prefix: string): string {
    return `${prefix}-${++this.#next}`;
  }

  /** Sends a frame; resolves with its terminal frame's status and the body bytes received. */
  send(frame: ProxyFrame, handlers: StreamHandlers = {}): Promise<Outcome> {
    return new Promise((resolve) => {
      this.#pending.set(frame.id, { handlers, bytes: 0, status: 0, resolve });
      this.ws.send(JSON.stringify(frame));
    });
  }

  cancel(streamId: string): void {
    this.ws.send(JSON.stringify({ id: this.newId('cancel'), method: 'CANCEL', stream_id: streamId }));
  }

  #receive(data: Buffer): void {
    const head = data.subarray(0, 512);
    const mark = head.indexOf(CHUNK_MARK);
    if (mark !== -1 && head[0] === 0x7b) {
      const idEnd = head.indexOf(0x22, 7);
      const id = head.toString('utf8', 7, idEnd);
      const p = this.#pending.get(id);
      if (!p) return;
      const body = Buffer.from(data.toString('latin1', mark + CHUNK_MARK.length, data.length - 2), 'base64');
      p.bytes += body.length;
      p.handlers.onChunk?.(body);
      return;
    }
    const frame = JSON.parse(data.toString('utf8')) as Answer;
    if (frame.type !== undefined) {
      if (frame.type === 'hello') this.hello = frame;
      return;
    }
    const p = this.#pending.get(frame.id);
    if (!p) return;
    if (frame.status_code !== undefined) p.status = frame.status_code;
    if (frame.body) p.bytes += Buffer.byteLength(frame.body, 'base64');
    const terminal = frame.done === true || (frame.stream !== true && frame.status_code !== undefined);
    if (frame.stream === true && !terminal && frame.chunk !== true) p.handlers.onStart?.(p.status);
    if (terminal) {
      this.#pending.delete(frame.id);
      p.resolve({ status: p.status, bytes: p.bytes, ...(frame.error ? { error: frame.error } : {}) });
    }
  }
}

export interface BenchRunnerOptions {
  token: string;
  path?: string;
}

export class BenchRunner {
  readonly #options: BenchRunnerOptions;
  #server: Server | undefined;
  #wss: WebSocketServer | undefined;
  #current: RunnerConnection | undefined;
  #waiters: ((c: RunnerConnection) => void)[] = [];
  #port = 0;

  constructor(options: BenchRunnerOptions) {
    this.#options = options;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.#port}${this.#options.path ?? '/ws/runner'}`;
  }

  get port(): number {
    return this.#port;
  }

  /** Listens on `port` (0: a free one, kept for later restarts). */
  async listen(port = this.#port): Promise<void> {
    const server = createServer();
    const wss = new WebSocketServer({
      server,
      path: this.#options.path ?? '/ws/runner',
      // Accept permessage-deflate when the agent offers it, as the reference Runner does.
      perMessageDeflate: true,
      maxPayload: 64 * 1024 * 1024,
      handleProtocols: (protocols) => (protocols.has('pipeops.agent.v1') ? 'pipeops.agent.v1' : false),
      verifyClient: (info, cb) => cb(info.req.headers.authorization === `Bearer ${this.#options.token}`, 401),
    });
    wss.on('connection', (ws) => {
      const conn = new RunnerConnection(ws);
      this.#current = conn;
      for (const w of this.#waiters.splice(0)) w(conn);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#wss = wss;
    this.#port = (server.address() as AddressInfo).port;
  }

  /** The open connection, or the next one the agent makes. */
  connection(timeoutMs = 30_000): Promise<RunnerConnection> {
    const c = this.#current;
    if (c && c.ws.readyState === c.ws.OPEN) return Promise.resolve(c);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the agent did not connect to the bench Runner')), timeoutMs);
      this.#waiters.push((conn) => {
        clearTimeout(t);
        resolve(conn);
      });
    });
  }

  /** Kills every connection and stops listening (a Runner that died). */
  async close(): Promise<void> {
    const server = this.#server;
    const wss = this.#wss;
    this.#server = undefined;
    this.#wss = undefined;
    this.#current = undefined;
    if (!server || !wss) return;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
