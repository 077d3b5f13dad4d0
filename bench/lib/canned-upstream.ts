// A canned "API server" in the bench process: HTTPS on 127.0.0.1 with a
// certificate from a throw-away CA, answering from memory at once, so what the
// bench measures through it is the agent's own cost. It serves a small object,
// lists of any size (streamed with backpressure), and watches that emit events
// on demand with the emit time (performance.now() of this process) embedded,
// so the Runner side of the same process can compute each event's latency.
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from 'node:http2';

// HTTP/2 with HTTP/1.1 fallback, as kube-apiserver serves: the agent's watch
// pool negotiates h2, its request pool and the direct client HTTP/1.1. The
// handler uses only what both protocols' request and response objects share.
interface Request {
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}
interface Response {
  readonly destroyed: boolean;
  writeHead(status: number, headers: Record<string, string | number>): Response;
  write(chunk: string | Buffer): boolean;
  end(chunk?: string | Buffer): unknown;
  flushHeaders?(): void;
  on(event: 'drain' | 'close', f: () => void): unknown;
  once(event: 'drain' | 'close', f: () => void): unknown;
  off(event: 'drain' | 'close', f: () => void): unknown;
}
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPki } from '../../testkit/kube/pki.ts';

export const CANNED_NAMESPACE = 'canned';
export const SMALL_PATH = `/api/v1/namespaces/${CANNED_NAMESPACE}/configmaps/small`;
export const LIST_PATH = `/api/v1/namespaces/${CANNED_NAMESPACE}/configmaps`;
/** The annotation holding an event's emit time (ms, performance.now() of the bench process). */
export const EMITTED_KEY = 'bench.pipeops.io/emitted';
const BLOCK_BYTES = 1024 * 1024;

export interface CannedUpstreamOptions {
  /** Directory for the PKI and the fake service-account dir. */
  dir: string;
}

export class CannedUpstream {
  readonly saDir: string;
  readonly token = 'canned-bench-token';
  #server: Http2SecureServer | undefined;
  readonly #dir: string;
  readonly #watches = new Set<Response>();
  readonly #sockets = new Set<{ destroy(): void }>();
  readonly #small: Buffer;
  readonly #block: Buffer;
  #emitTimer: NodeJS.Timeout | undefined;
  #next = 0;
  #rv = 1;
  /** Events written so far, over every watch. */
  emitted = 0;

  constructor(options: CannedUpstreamOptions) {
    this.#dir = options.dir;
    this.saDir = join(options.dir, 'sa');
    this.#small = Buffer.from(
      JSON.stringify({
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { name: 'small', namespace: CANNED_NAMESPACE, resourceVersion: '1', uid: '00000000-0000-0000-0000-000000000001' },
        data: { 'config.yaml': 'replicas: 1\nimage: nginx:1.27\n'.repeat(8) },
      }),
    );
    this.#block = listBlock(BLOCK_BYTES);
  }

  async start(): Promise<void> {
    mkdirSync(this.saDir, { recursive: true });
    const pki = await createPki(this.#dir);
    writeFileSync(join(this.saDir, 'token'), this.token, { mode: 0o600 });
    writeFileSync(join(this.saDir, 'ca.crt'), readFileSync(pki.caCert));
    writeFileSync(join(this.saDir, 'namespace'), CANNED_NAMESPACE);
    const server = createSecureServer(
      { key: readFileSync(pki.servingKey), cert: readFileSync(pki.servingCert), allowHTTP1: true, settings: { maxConcurrentStreams: 1000 } },
      (req, res) => this.#handle(req, res as unknown as Response),
    );
    server.on('secureConnection', (socket: { destroy(): void; once(e: 'close', f: () => void): void }) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    server.on('session', (session: ServerHttp2Session) => {
      this.#sockets.add(session);
      session.once('close', () => this.#sockets.delete(session));
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }

  get host(): string {
    return '127.0.0.1';
  }

  get port(): number {
    return (this.#server!.address() as AddressInfo).port;
  }

  get origin(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get caFile(): string {
    return join(this.saDir, 'ca.crt');
  }

  get openWatches(): number {
    return this.#watches.size;
  }

  /** The environment an agent process needs to take this server as its in-cluster API server. */
  agentEnv(): Record<string, string> {
    return {
      KUBERNETES_SERVICE_HOST: this.host,
      KUBERNETES_SERVICE_PORT: String(this.port),
      PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR: this.saDir,
    };
  }

  /** Emits `perSecond` watch events in total, round-robin over the open watches, until stopEvents(). */
  startEvents(perSecond: number): void {
    this.stopEvents();
    const tickMs = 5;
    let owed = 0;
    let last = performance.now();
    this.#emitTimer = setInterval(() => {
      const now = performance.now();
      owed += ((now - last) / 1000) * perSecond;
      last = now;
      const watches = [...this.#watches];
      if (watches.length === 0) {
        owed = 0;
        return;
      }
      for (; owed >= 1; owed--) {
        const res = watches[this.#next++ % watches.length];
        res.write(this.#event());
        this.emitted++;
      }
    }, tickMs);
  }

  stopEvents(): void {
    clearInterval(this.#emitTimer);
    this.#emitTimer = undefined;
  }

  async stop(): Promise<void> {
    this.stopEvents();
    for (const w of this.#watches) w.end();
    this.#watches.clear();
    const server = this.#server;
    if (!server) return;
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #event(): string {
    const rv = ++this.#rv;
    return (
      `{"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"w","namespace":"${CANNED_NAMESPACE}",` +
      `"resourceVersion":"${rv}","annotations":{"${EMITTED_KEY}":"${performance.now()}"}},"data":{"k":"${'v'.repeat(256)}"}}}\n`
    );
  }

  #handle(req: Request, res: Response): void {
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"kind":"Status","status":"Failure","code":401}');
      return;
    }
    const url = new URL(req.url ?? '/', 'https://canned');
    const path = url.pathname;
    if (path === '/readyz' || path === '/livez' || path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path === '/version') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"major":"1","minor":"37","gitVersion":"v1.37.2-canned"}');
      return;
    }
    if (path === SMALL_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': this.#small.length }).end(this.#small);
      return;
    }
    if (path === LIST_PATH && url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders?.();
      this.#watches.add(res);
      res.once('close', () => this.#watches.delete(res));
      return;
    }
    const mb = Number(url.searchParams.get('sizeMb') ?? '0');
    if (path === LIST_PATH && mb > 0) {
      void this.#list(res, Math.round(mb * BLOCK_BYTES));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}');
  }

  /** Writes `bytes` of list body, honouring backpressure. */
  async #list(res: Response, bytes: number): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/json' });
    let left = bytes;
    while (left > 0 && !res.destroyed) {
      const part = left >= this.#block.length ? this.#block : this.#block.subarray(0, left);
      left -= part.length;
      if (!res.write(part)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    res.end();
  }
}

/**
 * One block of list-shaped JSON: items of ~1 KB with varied values (a
 * deterministic pseudo-random generator), so permessage-deflate sees data that
 * compresses about as well as a real list of objects, neither all-zero nor noise.
 */
function listBlock(size: number): Buffer {
  let seed = 0x2545f491;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const word = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  const parts: string[] = [];
  let total = 0;
  let i = 0;
  while (total < size) {
    const item =
      `{"metadata":{"name":"cm-${i}","namespace":"${CANNED_NAMESPACE}","uid":"${word(8)}-${word(4)}-${word(4)}-${word(12)}",` +
      `"resourceVersion":"${1000 + i}","labels":{"app":"${word(6)}","tier":"backend"}},"data":{"value":"${word(700)}"}},`;
    parts.push(item);
    total += item.length;
    i++;
  }
  return Buffer.from(parts.join('')).subarray(0, size);
}
