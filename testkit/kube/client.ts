// A minimal HTTPS client for specs talking to the test API server directly:
// undici with the run's CA, authenticated by the admin client certificate or by
// a bearer token. Bodies that are objects are sent as JSON.
import { readFileSync } from 'node:fs';
import { Agent, request, type Dispatcher } from 'undici';

export interface KubeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json<T = unknown>(): T;
}

export type KubeBody = string | Uint8Array | object | undefined;

export interface KubeClientOptions {
  server: string;
  caFile: string;
  /** Client certificate and key files (the admin identity). */
  certFile?: string;
  keyFile?: string;
  /** Bearer token (a service account identity). */
  token?: string;
}

export class KubeClient {
  readonly server: string;
  readonly dispatcher: Dispatcher;
  readonly #token: string | undefined;

  constructor(options: KubeClientOptions) {
    this.server = options.server;
    this.#token = options.token;
    this.dispatcher = new Agent({
      connect: {
        ca: readFileSync(options.caFile),
        cert: options.certFile === undefined ? undefined : readFileSync(options.certFile),
        key: options.keyFile === undefined ? undefined : readFileSync(options.keyFile),
      },
    });
  }

  /** Headers authenticating as this client, for specs that call undici themselves (watch streams). */
  authHeaders(): Record<string, string> {
    return this.#token === undefined ? {} : { authorization: `Bearer ${this.#token}` };
  }

  async request(method: string, path: string, body?: KubeBody, headers: Record<string, string> = {}): Promise<KubeResponse> {
    const sent: Record<string, string> = { accept: 'application/json', ...this.authHeaders() };
    let payload: string | Uint8Array | undefined;
    if (typeof body === 'string' || body instanceof Uint8Array) {
      payload = body;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      sent['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(headers)) sent[name.toLowerCase()] = value;
    const res = await request(new URL(path, this.server), {
      method,
      headers: sent,
      body: payload,
      dispatcher: this.dispatcher,
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      headers: res.headers,
      text,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
