// One API-server request whose answer is read whole, dispatched with a plain
// handler that collects the body's chunks: no Readable stream, no async
// iteration over it and no second abort listener per request, which is what
// undici's request() adds for a caller that would only buffer the body anyway.
// Streams (lists, watches, log follows) still use request(): their body is a
// Readable the pump pauses.
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

export interface BufferedRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer | string | undefined;
  /** Aborts the request; the promise rejects with the signal's reason. */
  signal: AbortSignal;
  /** Largest body read; a larger one aborts the request and rejects with ResponseTooLarge. */
  maxBytes: number;
}

export interface BufferedResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The whole body; empty when there was none. */
  body: Buffer;
}

/** The answer's body passed BufferedRequest.maxBytes. */
export class ResponseTooLarge extends Error {
  constructor(maxBytes: number) {
    super(`the response is larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a body stream whole, under the same bound as requestBuffered: past maxBytes it stops reading (which
 * destroys the stream) and rejects with ResponseTooLarge.
 */
export async function readBounded(body: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) throw new ResponseTooLarge(maxBytes);
    parts.push(chunk);
  }
  return parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts, total);
}

/** Rejects when no whole answer came (connection, TLS, abort, too large); any status resolves. */
export function requestBuffered(dispatcher: Dispatcher, r: BufferedRequest): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    if (r.signal.aborted) {
      reject(r.signal.reason as Error);
      return;
    }
    const handler = new CollectingHandler(r.maxBytes, r.signal, resolve, reject);
    dispatcher.dispatch({ path: r.path, method: r.method, headers: r.headers, body: r.body ?? null }, handler);
  });
}

class CollectingHandler implements Dispatcher.DispatchHandler {
  readonly #maxBytes: number;
  readonly #signal: AbortSignal;
  readonly #resolve: (res: BufferedResponse) => void;
  readonly #reject: (err: Error) => void;
  readonly #onAbort = (): void => this.#controller?.abort(this.#signal.reason as Error);
  #controller: Dispatcher.DispatchController | undefined;
  #statusCode = 0;
  #headers: IncomingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #size = 0;
  #settled = false;

  constructor(maxBytes: number, signal: AbortSignal, resolve: (res: BufferedResponse) => void, reject: (err: Error) => void) {
    this.#maxBytes = maxBytes;
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#signal.aborted) controller.abort(this.#signal.reason as Error);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#statusCode = statusCode;
    this.#headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    this.#size += chunk.length;
    if (this.#size > this.#maxBytes) {
      const tooLarge = new ResponseTooLarge(this.#maxBytes);
      this.#fail(tooLarge);
      controller.abort(tooLarge);
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#signal.removeEventListener('abort', this.#onAbort);
    const chunks = this.#chunks;
    const body = chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.#size);
    this.#resolve({ statusCode: this.#statusCode, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.#fail(err);
  }

  #fail(err: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#chunks = [];
    this.#signal.removeEventListener('abort', this.#onAbort);
    this.#reject(err);
  }
}
