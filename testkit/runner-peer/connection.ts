// One agent socket as the Runner-side test peer sees it. Specs, the bench and
// the soak run all drive the agent through this class, in one of two modes:
//
// - recording (specs): every frame received is kept, in order, so a spec can
//   assert on exactly what crossed the wire; `next()` and `request()` await them;
// - routing (bench, soak): nothing is kept (a 200 MB list would stay in memory)
//   and `call()` routes each answer to its request by id, counting body bytes.
//   v1 chunk frames are read without JSON.parse (the id sits in the fixed head
//   the agent writes, the base64 body is decoded in place), so the peer's own
//   parsing does not hide the agent's cost; v2 binary frames need no decoding.
//
// Both modes read the v1 text form and the v2 binary form of a frame.
import type { WebSocket } from 'ws';
import { decodeBinary, encodeBinary } from '../../lib/protocol/binary-frame.ts';
import type { K8sProxyRequest, K8sProxyResponse } from '../../lib/protocol/types.ts';

/** A frame as received; a binary frame's body is also put in `body` (base64), and `binary` says it came so. */
export type Frame = K8sProxyResponse & { type?: string; payload?: unknown; binary?: boolean; bytes?: Buffer };

export interface CallHandlers {
  /** The stream's start frame arrived, with its status. */
  onStart?: (status: number, frame: Frame) => void;
  /** A chunk's body; for a watch, one event. */
  onChunk?: (body: Buffer) => void;
}

/** How a routed call ended: the terminal frame's status and error, and the body bytes received. */
export interface Outcome {
  status: number;
  bytes: number;
  error?: string;
  /** The socket closed before the call ended: nobody is left to answer it. */
  lost?: true;
}

interface Routed {
  handlers: CallHandlers;
  bytes: number;
  status: number;
  resolve: (o: Outcome) => void;
}

export type PeerMode = 'recording' | 'routing';

const CHUNK_MARK = Buffer.from(',"chunk":true,"body":"');

export function isTerminal(f: K8sProxyResponse): boolean {
  return f.done === true || (f.stream !== true && f.status_code !== undefined);
}

export class PeerConnection {
  readonly ws: WebSocket;
  readonly mode: PeerMode;
  /** Every frame received so far (recording mode only). */
  readonly frames: Frame[] = [];
  readonly headers: Record<string, string | string[] | undefined>;
  readonly closed: Promise<number>;
  /** The agent's `hello`, once it came. */
  hello: Frame | undefined;
  /** Terminal frames for ids no routed call was waiting for (duplicates, or answers to fire-and-forget sends). */
  strayTerminals = 0;
  readonly #waiters: { test: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  readonly #routed = new Map<string, Routed>();
  #next = 0;

  constructor(ws: WebSocket, headers: Record<string, string | string[] | undefined>, mode: PeerMode = 'recording') {
    this.ws = ws;
    this.headers = headers;
    this.mode = mode;
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('message', (data: Buffer, isBinary) => this.#receive(data, isBinary));
    ws.once('close', () => {
      for (const r of this.#routed.values()) r.resolve({ status: 0, bytes: r.bytes, error: 'socket closed', lost: true });
      this.#routed.clear();
    });
  }

  /** The subprotocol this connection speaks. */
  get protocol(): string {
    return this.ws.protocol;
  }

  get compressed(): boolean {
    return this.ws.extensions.includes('permessage-deflate');
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  newId(prefix: string): string {
    return `${prefix}-${++this.#next}`;
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

  /** Sends a frame and routes its answers: resolves when its terminal frame comes, or the socket closes. */
  call(frame: Partial<K8sProxyRequest> & { id: string }, handlers: CallHandlers = {}): Promise<Outcome> {
    return new Promise((resolve) => {
      if (!this.open) return resolve({ status: 0, bytes: 0, error: 'socket closed', lost: true });
      this.#routed.set(frame.id, { handlers, bytes: 0, status: 0, resolve });
      this.send(frame);
    });
  }

  cancel(streamId: string): void {
    this.send({ id: this.newId('cancel'), method: 'CANCEL', stream_id: streamId });
  }

  /** The first frame (already received, when recording, or still to come) that passes the test. */
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

  /** Every frame received so far for a request id (recording mode). */
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

  #receive(data: Buffer, isBinary: boolean): void {
    if (this.mode === 'routing' && !isBinary && this.#fastChunk(data)) return;
    const frame = isBinary ? readBinary(data, this.mode === 'recording') : (JSON.parse(data.toString('utf8')) as Frame);
    if (frame.type === 'hello') this.hello = frame;
    if (this.mode === 'recording') this.frames.push(frame);
    for (const w of [...this.#waiters]) {
      if (w.test(frame)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
    if (frame.type === undefined) this.#route(frame);
  }

  /** A v1 chunk frame, read from its fixed head without JSON.parse; false when `data` is not one. */
  #fastChunk(data: Buffer): boolean {
    const head = data.subarray(0, 512);
    const mark = head.indexOf(CHUNK_MARK);
    if (mark === -1 || head[0] !== 0x7b) return false;
    const id = head.toString('utf8', 7, head.indexOf(0x22, 7));
    const r = this.#routed.get(id);
    if (!r) return true;
    const body = Buffer.from(data.toString('latin1', mark + CHUNK_MARK.length, data.length - 2), 'base64');
    r.bytes += body.length;
    r.handlers.onChunk?.(body);
    return true;
  }

  #route(frame: Frame): void {
    const r = this.#routed.get(frame.id);
    const terminal = isTerminal(frame);
    if (!r) {
      if (terminal) this.strayTerminals++;
      return;
    }
    if (frame.status_code !== undefined) r.status = frame.status_code;
    r.bytes += frame.bytes?.length ?? (frame.body ? Buffer.byteLength(frame.body, 'base64') : 0);
    if (frame.chunk === true) {
      if (r.handlers.onChunk) r.handlers.onChunk(frame.bytes ?? Buffer.from(frame.body ?? '', 'base64'));
    } else if (frame.stream === true && !terminal) r.handlers.onStart?.(r.status, frame);
    if (terminal) {
      this.#routed.delete(frame.id);
      r.resolve({ status: r.status, bytes: r.bytes, ...(frame.error ? { error: frame.error } : {}) });
    }
  }
}

/** A v2 binary frame as a Frame: the JSON part, its body as bytes and, for a recording, also as base64. */
function readBinary(data: Buffer, withBase64: boolean): Frame {
  const decoded = decodeBinary(data);
  if (!decoded.ok) throw new Error(`the agent sent a broken binary frame: ${decoded.error}`);
  const frame = JSON.parse(decoded.json) as Frame;
  if (Object.hasOwn(frame, 'body')) throw new Error('the agent put body in the JSON part of a binary frame');
  frame.binary = true;
  frame.bytes = decoded.body;
  if (withBase64 && decoded.body.length > 0) frame.body = decoded.body.toString('base64');
  return frame;
}
