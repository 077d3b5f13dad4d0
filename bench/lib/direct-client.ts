// The direct path: an undici pool to the same API server with the same
// credentials the agent uses (the service-account token and CA from the same
// directory), over HTTP/1.1 keep-alive, the faster of undici's two protocols
// for these requests, so the direct side is the best a plain client does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';

export interface DirectResult {
  status: number;
  bytes: number;
}

export class DirectClient {
  readonly #pool: Pool;
  readonly #auth: string;

  constructor(origin: string, saDir: string) {
    this.#auth = `Bearer ${readFileSync(join(saDir, 'token'), 'utf8').trim()}`;
    this.#pool = new Pool(origin, {
      connect: { ca: readFileSync(join(saDir, 'ca.crt')) },
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 300_000,
      pipelining: 1,
      allowH2: false,
    });
  }

  /** GET, reading the whole body; resolves with its size. */
  async get(path: string, signal?: AbortSignal): Promise<DirectResult> {
    const res = await this.#pool.request({
      path,
      method: 'GET',
      headers: { authorization: this.#auth, accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
    let bytes = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) bytes += chunk.length;
    return { status: res.statusCode, bytes };
  }

  /**
   * A watch: calls onEvent with each complete line; resolves when the body
   * ends or the signal aborts it.
   */
  async watch(path: string, signal: AbortSignal, onEvent: (line: Buffer) => void, onStarted?: () => void): Promise<void> {
    const res = await this.#pool.request({
      path,
      method: 'GET',
      headers: { authorization: this.#auth, accept: 'application/json' },
      signal,
    });
    onStarted?.();
    let pending: Buffer | undefined;
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
        let nl: number;
        while ((nl = buf.indexOf(0x0a)) !== -1) {
          onEvent(buf.subarray(0, nl));
          buf = buf.subarray(nl + 1);
        }
        pending = buf.length > 0 ? Buffer.from(buf) : undefined;
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
