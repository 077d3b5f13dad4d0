// What `kubectl port-forward` reaches in the test cluster: kwok forwards pod
// ports 80 and 8080 to this small HTTP server, which the harness runs as one of
// its daemons (`node pod-target.ts --port N`). Its answers are fixed or
// computable, so a spec can check every byte that came through the forward:
//
//   GET  /              POD_TARGET_GREETING
//   GET  /bytes?n=N     N pseudo-random bytes, the same N bytes every time (podTargetBytes)
//   POST /sha256        the hex sha256 of the request body
//   GET  /echo-headers  the request headers as JSON
import { createCipheriv, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const POD_TARGET_GREETING = 'hello from the pod-target server\n';
/** Largest /bytes answer, so a typo cannot fill the disk of whoever saves it. */
export const POD_TARGET_MAX_BYTES = 1 << 30;
const CHUNK = 64 * 1024;
// AES-128-CTR over zeros with a fixed key and IV: fast, and any spec can recompute it.
const KEY = Buffer.from('pipeops-pod-tgt!', 'latin1');
const IV = Buffer.alloc(16);

/** The deterministic byte stream /bytes serves, in chunks of at most 64 KiB. */
export function* podTargetChunks(n: number): Generator<Buffer> {
  const cipher = createCipheriv('aes-128-ctr', KEY, IV);
  const zeros = Buffer.alloc(CHUNK);
  for (let left = n; left > 0; left -= CHUNK) {
    yield cipher.update(left >= CHUNK ? zeros : zeros.subarray(0, left));
  }
}

/** All of /bytes?n=N in one buffer (for specs: compare or hash it). */
export function podTargetBytes(n: number): Buffer {
  return Buffer.concat([...podTargetChunks(n)]);
}

function answer(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://pod-target');
  if (req.method === 'GET' && url.pathname === '/') return answer(res, 200, POD_TARGET_GREETING);
  if (req.method === 'GET' && url.pathname === '/echo-headers') {
    return answer(res, 200, `${JSON.stringify(req.headers)}\n`, 'application/json');
  }
  if (req.method === 'GET' && url.pathname === '/bytes') {
    const n = Number(url.searchParams.get('n'));
    if (!Number.isSafeInteger(n) || n < 0 || n > POD_TARGET_MAX_BYTES) {
      return answer(res, 400, `n must be an integer from 0 to ${POD_TARGET_MAX_BYTES}\n`);
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
    // Readable.from + pipeline: the generator is pulled only as fast as the client reads.
    return pipeline(Readable.from(podTargetChunks(n)), res);
  }
  if (req.method === 'POST' && url.pathname === '/sha256') {
    const hash = createHash('sha256');
    for await (const chunk of req) hash.update(chunk as Buffer);
    return answer(res, 200, `${hash.digest('hex')}\n`);
  }
  answer(res, 404, `no route for ${req.method ?? '?'} ${url.pathname}\n`);
}

function serve(port: number): void {
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A client that went away mid-body is routine for port-forward tests.
      if (!res.headersSent) answer(res, 500, `${String(err)}\n`);
      else res.destroy();
    });
  });
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`pod-target listening on 127.0.0.1:${port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    process.stderr.write('usage: node pod-target.ts --port N\n');
    process.exit(2);
  }
  serve(port);
}
