// undici interceptors for calls to the API server, composed onto its pools
// (api-client.ts): one stamps the agent's credentials on every dispatch, one
// retries a request once after a 401 when the credentials have changed since
// it was sent (a rotated service-account token, an expired exec credential).
// Only requests whose body can be sent again are retried; a streamed body has
// gone by the time the 401 arrives.
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';

type Dispatch = Dispatcher.Dispatch;
type Headers = Record<string, string | string[] | number | undefined>;

/** The headers that authenticate the agent now (lower-case names), e.g. `authorization`. */
export type CredentialHeaders = () => Record<string, string>;

/** Re-reads the credentials after a 401; true when they changed. */
export type RefreshCredentials = () => Promise<boolean>;

/** A 401 body larger than this is passed on as it comes: holding it back for a retry is not worth the memory. */
const MAX_HELD_BODY = 64 * 1024;

/** The request's headers with `auth` in place of any header of the same name. */
export function withCredentials(headers: Dispatcher.DispatchOptions['headers'], auth: Record<string, string>): Headers {
  const out: Headers = {};
  const put = (name: string, value: string | string[] | number | undefined): void => {
    if (!Object.hasOwn(auth, name.toLowerCase())) out[name] = value;
  };
  if (Array.isArray(headers) && !Array.isArray(headers[0])) {
    // The flat form: name, value, name, value.
    for (let i = 0; i + 1 < headers.length; i += 2) put(headers[i], headers[i + 1]);
  } else if (headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    // [name, value] pairs: an array of them, a Map, a Headers.
    for (const [name, value] of headers as Iterable<[string, string | string[] | undefined]>) put(name, value);
  } else if (headers) {
    for (const [name, value] of Object.entries(headers)) put(name, value as string | string[] | number | undefined);
  }
  return Object.assign(out, auth);
}

/** Sets the agent's credentials on each dispatch, read at that moment. */
export function credentialsInterceptor(credentials: CredentialHeaders): Dispatcher.DispatchInterceptor {
  return (dispatch: Dispatch): Dispatch =>
    function dispatchWithCredentials(opts, handler) {
      return dispatch({ ...opts, headers: withCredentials(opts.headers, credentials()) }, handler);
    };
}

/** A body undici can send a second time: none, a string or bytes. */
export function isReplayable(body: Dispatcher.DispatchOptions['body']): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

/**
 * Retries once after a 401, when refresh() reports new credentials or they
 * changed while the request was out (another request's 401 refreshed them).
 * Compose it outside credentialsInterceptor, so the retry is stamped anew.
 */
export function unauthorizedRetryInterceptor(credentials: CredentialHeaders, refresh: RefreshCredentials): Dispatcher.DispatchInterceptor {
  return (dispatch: Dispatch): Dispatch =>
    function dispatchWithRetry(opts, handler) {
      if (!isReplayable(opts.body) || opts.upgrade) return dispatch(opts, handler);
      const sent = fingerprint(credentials());
      const retry = async (): Promise<boolean> => (await refresh()) || fingerprint(credentials()) !== sent;
      return dispatch(opts, new UnauthorizedRetryHandler(handler, retry, (h) => dispatch(opts, h)));
    };
}

function fingerprint(headers: Record<string, string>): string {
  return JSON.stringify(headers);
}

/**
 * The controller the downstream handler keeps for the whole request: each
 * attempt has its own, and pause/resume/abort must reach the current one
 * (the same habit as undici's RetryHandler).
 */
class StableController implements Dispatcher.DispatchController {
  target: Dispatcher.DispatchController | undefined;
  #paused = false;
  #reason: Error | null = null;
  readonly #onAbort: (reason: Error) => void;

  constructor(onAbort: (reason: Error) => void) {
    this.#onAbort = onAbort;
  }

  get aborted(): boolean {
    return this.#reason !== null || (this.target?.aborted ?? false);
  }
  get paused(): boolean {
    return this.#paused;
  }
  get reason(): Error | null {
    return this.#reason ?? this.target?.reason ?? null;
  }
  get rawHeaders(): Dispatcher.DispatchController['rawHeaders'] {
    return this.target?.rawHeaders;
  }
  get rawTrailers(): Dispatcher.DispatchController['rawTrailers'] {
    return this.target?.rawTrailers;
  }
  pause(): void {
    this.#paused = true;
    this.target?.pause();
  }
  resume(): void {
    this.#paused = false;
    this.target?.resume();
  }
  abort(reason: Error): void {
    this.#reason ??= reason;
    this.target?.abort(reason);
    this.#onAbort(reason);
  }
  /** Points at the next attempt's controller, carrying over a pause. */
  attach(target: Dispatcher.DispatchController): void {
    this.target = target;
    if (this.#reason) target.abort(this.#reason);
    else if (this.#paused) target.pause();
  }
}

interface Held {
  statusCode: number;
  headers: IncomingHttpHeaders;
  statusMessage: string | undefined;
  chunks: Buffer[];
  size: number;
}

/** first: the first attempt; held: its 401 is held back; waiting: refreshing; retried: the second attempt; done: answered. */
type State = 'first' | 'held' | 'waiting' | 'retried' | 'done';

class UnauthorizedRetryHandler implements Dispatcher.DispatchHandler {
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #shouldRetry: () => Promise<boolean>;
  readonly #redispatch: (handler: Dispatcher.DispatchHandler) => void;
  readonly #controller = new StableController((reason) => this.#aborted(reason));
  #state: State = 'first';
  #held: Held | undefined;

  constructor(handler: Dispatcher.DispatchHandler, shouldRetry: () => Promise<boolean>, redispatch: (handler: Dispatcher.DispatchHandler) => void) {
    this.#handler = handler;
    this.#shouldRetry = shouldRetry;
    this.#redispatch = redispatch;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#controller.attach(controller);
    if (this.#state === 'first') this.#handler.onRequestStart?.(this.#controller, context);
  }

  onRequestUpgrade(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    this.#handler.onRequestUpgrade?.(this.#controller, statusCode, headers, socket);
  }

  onRequestSent(): void {
    this.#handler.onRequestSent?.();
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    if (statusCode === 401 && this.#state === 'first') {
      this.#state = 'held';
      this.#held = { statusCode, headers, statusMessage, chunks: [], size: 0 };
      return;
    }
    this.#handler.onResponseStart?.(this.#controller, statusCode, headers, statusMessage);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const held = this.#held;
    if (this.#state !== 'held' || !held) {
      this.#handler.onResponseData?.(this.#controller, chunk);
      return;
    }
    held.chunks.push(chunk);
    held.size += chunk.length;
    // Too large to hold: pass the 401 on as it is, without a retry.
    if (held.size > MAX_HELD_BODY) this.#release();
  }

  onResponseEnd(_controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    if (this.#state !== 'held') {
      this.#state = 'done';
      this.#handler.onResponseEnd?.(this.#controller, trailers);
      return;
    }
    this.#state = 'waiting';
    this.#shouldRetry().then(
      (retry) => this.#decide(retry, trailers),
      () => this.#decide(false, trailers),
    );
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#held = undefined;
    this.#handler.onResponseError?.(this.#controller, err);
  }

  #decide(retry: boolean, trailers: IncomingHttpHeaders): void {
    if (this.#state !== 'waiting') return; // aborted meanwhile
    if (!retry) {
      this.#release();
      this.#state = 'done';
      this.#handler.onResponseEnd?.(this.#controller, trailers);
      return;
    }
    this.#state = 'retried';
    this.#held = undefined;
    try {
      this.#redispatch(this);
    } catch (err) {
      this.onResponseError(this.#controller, err as Error);
    }
  }

  /** Hands the held 401 to the downstream handler; later chunks follow directly. */
  #release(): void {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    this.#state = 'retried';
    this.#handler.onResponseStart?.(this.#controller, held.statusCode, held.headers, held.statusMessage);
    for (const chunk of held.chunks) this.#handler.onResponseData?.(this.#controller, chunk);
  }

  /** An abort while no attempt is running (refreshing) reaches no connection: answer it here. */
  #aborted(reason: Error): void {
    if (this.#state !== 'waiting') return;
    this.#state = 'done';
    this.#held = undefined;
    this.#handler.onResponseError?.(this.#controller, reason);
  }
}
