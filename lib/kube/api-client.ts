// The agent's one client of the API server: two keep-alive undici pools built
// from the target's TLS options, each composed with the credentials and
// 401-retry interceptors (interceptors.ts), so every caller — the proxy
// executor, cluster status, the identity ConfigMap, doctor — authenticates and
// recovers from a rotated token the same way. requestJson is the thin helper
// for the agent's own small JSON calls; answers read whole go through
// buffered-request.ts, streams through the dispatchers' request().
import { createSecureContext } from 'node:tls';
import type { Dispatcher } from 'undici';
import { credentialsInterceptor, unauthorizedRetryInterceptor, type CredentialHeaders, type RefreshCredentials } from './interceptors.ts';
import { Pool } from './undici-pool.ts';
import { requestBuffered } from './buffered-request.ts';

export interface TlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface ApiClientOptions {
  /** scheme://host:port of the API server. */
  origin: string;
  tls: TlsOptions;
  /** The headers that authenticate the agent now; empty for a client certificate (in tls). */
  credentials: CredentialHeaders;
  /** Re-reads the credentials after a 401; true when they changed. */
  refresh: RefreshCredentials;
}

export interface ApiClient {
  /** HTTP/1.1 keep-alive pool: short requests and bulk streams (lists). */
  readonly dispatcher: Dispatcher;
  /** HTTP/2 pool: long-lived streams (watches, log follows), many to a connection. */
  readonly streamDispatcher: Dispatcher;
  destroy(): Promise<void>;
}

/**
 * Two keep-alive pools to the one API server. Short requests and bulk streams
 * go over HTTP/1.1, which costs the agent about half the CPU of HTTP/2 per
 * request. Long-lived streams go over HTTP/2: hundreds of watches share a few
 * connections, each has its own flow control (a paused stream stops only
 * itself), and aborting one resets its stream, which the API server sees as
 * the request ending. Timeouts are applied per request by the callers.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const common = {
    // One TLS context (the CA, a client certificate) for every connection of
    // both pools: tls.connect would otherwise parse the certificates anew for
    // each connection it opens.
    connect: { ...options.tls, secureContext: createSecureContext(options.tls) },
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
  };
  const pool = new Pool(options.origin, { ...common, allowH2: false, pipelining: 1 });
  const streamPool = new Pool(options.origin, { ...common, allowH2: true });
  return {
    dispatcher: authenticated(pool, options),
    streamDispatcher: authenticated(streamPool, options),
    destroy: async () => {
      await Promise.all([pool.destroy(), streamPool.destroy()]);
    },
  };
}

/** `dispatcher` with the agent's credentials on every request and one retry after a 401. */
export function authenticated(dispatcher: Dispatcher, options: Pick<ApiClientOptions, 'credentials' | 'refresh'>): Dispatcher {
  // compose() wraps in order: the retry runs outside, so a retried request is stamped with the new credentials.
  return dispatcher.compose(credentialsInterceptor(options.credentials), unauthorizedRetryInterceptor(options.credentials, options.refresh));
}

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query. */
  path: string;
  /** Sent as JSON; a string body is sent as it is. */
  body?: object | string;
  /** Of the body; default application/json. */
  contentType?: string;
  /** Default application/json. */
  accept?: string;
  /** Of the whole call, in ms. */
  timeout: number;
  /** Largest answer read (default 64 MiB); a larger one rejects with ResponseTooLarge. */
  maxBytes?: number;
}

export interface JsonAnswer {
  status: number;
  /** The body as text. */
  text: string;
  /** The body parsed, or undefined when it is not JSON. */
  json: unknown;
  /** A Kubernetes Status's message, or ''. */
  message: string;
}

/** Largest answer requestJson reads unless told otherwise. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** One small request read whole; throws only when no answer came (connection, TLS, timeout, over maxBytes). */
export async function requestJson(dispatcher: Dispatcher, r: JsonRequest): Promise<JsonAnswer> {
  const body = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const headers: Record<string, string> = { accept: r.accept ?? 'application/json' };
  if (body !== undefined) headers['content-type'] = r.contentType ?? 'application/json';
  const res = await requestBuffered(dispatcher, {
    path: r.path,
    method: r.method ?? 'GET',
    headers,
    body,
    signal: AbortSignal.timeout(r.timeout),
    maxBytes: r.maxBytes ?? MAX_JSON_BYTES,
  });
  const text = res.body.toString('utf8');
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the status and the text say what happened
  }
  const message = (json as { message?: unknown } | undefined)?.message;
  return { status: res.statusCode, text, json, message: typeof message === 'string' ? message : '' };
}
