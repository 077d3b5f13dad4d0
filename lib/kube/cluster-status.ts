// What the agent knows about its API server: whether it answered recently (a
// cheap periodic /readyz probe, plus every status call below), its version for
// `register`, and object counts for heartbeats and /metrics. Counting reads one
// item per kind and takes the rest from metadata.remainingItemCount; when the
// server leaves that out it pages through metadata-only lists instead.
import type { Logger } from 'pino';
import { requestJson, type JsonAnswer } from './api-client.ts';
import type { KubeTarget } from './target.ts';

export interface ClusterCounts {
  nodes: number;
  pods: number;
  deployments: number;
  services: number;
}

export interface ClusterStatusOptions {
  /** The dispatcher authenticates and retries after a 401 (api-client.ts). */
  target: Pick<KubeTarget, 'dispatcher'>;
  logger: Logger;
  /** How often /readyz is probed; 0 disables the probe. */
  probeInterval?: number;
  /** The API server counts as unreachable when it has not answered for this long. */
  staleAfter?: number;
  /** Timeout of each call. */
  timeout?: number;
  now?: () => number;
}

const KINDS: [keyof ClusterCounts, string][] = [
  ['nodes', '/api/v1/nodes'],
  ['pods', '/api/v1/pods'],
  ['deployments', '/apis/apps/v1/deployments'],
  ['services', '/api/v1/services'],
];

const PAGE = 500;
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

interface ListBody {
  items?: unknown[];
  metadata?: { remainingItemCount?: number; continue?: string };
}

export class ClusterStatus {
  readonly #target: ClusterStatusOptions['target'];
  readonly #log: Logger;
  readonly #probeInterval: number;
  readonly #staleAfter: number;
  readonly #timeout: number;
  readonly #now: () => number;
  #lastOk: number | undefined;
  #lastError: string | undefined = 'not probed yet';
  #counts: ClusterCounts | undefined;
  #counting: Promise<ClusterCounts> | undefined;
  #version: string | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ClusterStatusOptions) {
    this.#target = options.target;
    this.#log = options.logger.child({ component: 'api-server' });
    this.#probeInterval = options.probeInterval ?? 10_000;
    this.#staleAfter = options.staleAfter ?? Math.max(3 * this.#probeInterval, 15_000);
    this.#timeout = options.timeout ?? 5_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The API server answered within staleAfter. */
  get reachable(): boolean {
    return this.#lastOk !== undefined && this.#now() - this.#lastOk <= this.#staleAfter;
  }

  /** Why the API server counts as unreachable, or undefined. */
  get problem(): string | undefined {
    if (this.reachable) return undefined;
    if (this.#lastOk === undefined) return `the API server has not answered: ${this.#lastError ?? 'unknown'}`;
    const ago = Math.round((this.#now() - this.#lastOk) / 1000);
    return `the API server has not answered for ${ago}s: ${this.#lastError ?? 'unknown'}`;
  }

  /** The counts of the last successful count, if any. */
  get lastCounts(): ClusterCounts | undefined {
    return this.#counts;
  }

  start(): void {
    if (this.#probeInterval <= 0 || this.#timer) return;
    this.#timer = setInterval(() => void this.probe(), this.#probeInterval);
    this.#timer.unref();
    void this.probe();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** GET /readyz; true when it answered 200. Never throws. */
  async probe(): Promise<boolean> {
    try {
      const res = await this.#get('/readyz', 'text/plain');
      if (res.status === 200) return this.#ok();
      this.#failed(`/readyz answered ${res.status}`);
    } catch (err) {
      this.#failed(errorText(err));
    }
    return false;
  }

  /** The API server's gitVersion from /version, cached once known; 'unknown' when it cannot be read. */
  async version(): Promise<string> {
    if (this.#version) return this.#version;
    try {
      const res = await this.#get('/version', 'application/json');
      const body = res.json as { gitVersion?: unknown } | undefined;
      if (res.status === 200 && typeof body?.gitVersion === 'string') {
        this.#ok();
        this.#version = body.gitVersion;
        return body.gitVersion;
      }
      this.#failed(`/version answered ${res.status}`);
    } catch (err) {
      this.#failed(errorText(err));
    }
    return 'unknown';
  }

  /** Counts nodes, pods, deployments and services cluster-wide. Concurrent callers share one count. Throws when the API server fails. */
  counts(): Promise<ClusterCounts> {
    this.#counting ??= this.#count().finally(() => (this.#counting = undefined));
    return this.#counting;
  }

  async #count(): Promise<ClusterCounts> {
    try {
      const values = await Promise.all(KINDS.map(([, path]) => this.#countKind(path)));
      const counts = Object.fromEntries(KINDS.map(([k], i) => [k, values[i]])) as unknown as ClusterCounts;
      this.#counts = counts;
      this.#ok();
      return counts;
    } catch (err) {
      this.#failed(errorText(err));
      throw err;
    }
  }

  async #countKind(path: string): Promise<number> {
    const first = await this.#list(`${path}?limit=1`, 'application/json');
    const items = first.items?.length ?? 0;
    const more = first.metadata?.continue;
    if (!more) return items;
    const remaining = first.metadata?.remainingItemCount;
    if (typeof remaining === 'number' && remaining >= 0) return items + remaining;
    // No remainingItemCount (older servers, some selectors): page through
    // metadata-only lists, which carry no specs, only names.
    let total = 0;
    let token: string | undefined = '';
    do {
      const q: string = `?limit=${PAGE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const page: ListBody = await this.#list(`${path}${q}`, METADATA_ONLY);
      total += page.items?.length ?? 0;
      token = page.metadata?.continue;
    } while (token);
    return total;
  }

  async #list(path: string, accept: string): Promise<ListBody> {
    const res = await this.#get(path, accept);
    if (res.status !== 200) throw new Error(`GET ${path.split('?')[0]} answered ${res.status}${res.message ? `: ${res.message}` : ''}`);
    if (typeof res.json !== 'object' || res.json === null) throw new Error(`GET ${path.split('?')[0]} answered 200 without a JSON list`);
    return res.json;
  }

  #get(path: string, accept: string): Promise<JsonAnswer> {
    return requestJson(this.#target.dispatcher, { path, accept, timeout: this.#timeout });
  }

  #ok(): true {
    if (this.#lastOk === undefined || !this.reachable) this.#log.info('the API server answers');
    this.#lastOk = this.#now();
    this.#lastError = undefined;
    return true;
  }

  #failed(reason: string): void {
    if (this.#lastError === undefined) this.#log.warn({ reason }, 'the API server did not answer');
    this.#lastError = reason;
  }
}

function errorText(err: unknown): string {
  const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.code ?? e.message;
}
