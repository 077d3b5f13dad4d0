// The agent's identity: an agent_id that survives restarts and the last
// cluster_id the control plane gave it. agent.id wins when set; otherwise the
// id is generated once and kept in a state store — a file on a VM, a ConfigMap
// in the agent's namespace in a cluster. A store that cannot be written is
// logged and the agent runs on with an identity that lasts until it stops.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.ts';
import type { KubeTarget } from '../kube/target.ts';

export interface StoredIdentity {
  agent_id?: string;
  cluster_id?: string;
}

export interface IdentityStore {
  /** For logs: the file path or namespace/name of the ConfigMap. */
  readonly where: string;
  /** undefined when nothing is stored yet. */
  load(): Promise<StoredIdentity | undefined>;
  save(identity: Required<StoredIdentity>): Promise<void>;
}

/** The fallback for the built-in state file when /var/lib is not writable (a non-root run without systemd). */
export function userStateFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'pipeops-agent', 'state.json');
}

/** A JSON file written atomically (temporary file + rename), mode 0600, its directory 0700 when created. */
export class FileIdentityStore implements IdentityStore {
  readonly where: string;

  constructor(file: string) {
    this.where = file;
  }

  async load(): Promise<StoredIdentity | undefined> {
    let text: string;
    try {
      text = await readFile(this.where, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${this.where} does not hold a JSON object`);
    return pick(data as Record<string, unknown>);
  }

  async save(identity: Required<StoredIdentity>): Promise<void> {
    await mkdir(dirname(this.where), { recursive: true, mode: 0o700 });
    const tmp = `${this.where}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.where);
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw err;
    }
  }
}

/** A ConfigMap with keys agent_id and cluster_id, created on first save. */
export class ConfigMapIdentityStore implements IdentityStore {
  readonly where: string;
  readonly #target: KubeTarget;
  readonly #path: string;
  readonly #name: string;
  readonly #namespace: string;

  constructor(target: KubeTarget, namespace: string, name: string) {
    this.#target = target;
    this.#namespace = namespace;
    this.#name = name;
    this.#path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps`;
    this.where = `configmap ${namespace}/${name}`;
  }

  async load(): Promise<StoredIdentity | undefined> {
    const res = await this.#call('GET', `${this.#path}/${encodeURIComponent(this.#name)}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${this.where}: HTTP ${res.status} ${res.message}`);
    return pick((res.body as { data?: Record<string, unknown> }).data ?? {});
  }

  async save(identity: Required<StoredIdentity>): Promise<void> {
    const data = { agent_id: identity.agent_id, cluster_id: identity.cluster_id };
    const patched = await this.#call('PATCH', `${this.#path}/${encodeURIComponent(this.#name)}`, { data }, 'application/merge-patch+json');
    if (patched.status === 200) return;
    if (patched.status !== 404) throw new Error(`PATCH ${this.where}: HTTP ${patched.status} ${patched.message}`);
    const created = await this.#call('POST', this.#path, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: this.#name,
        namespace: this.#namespace,
        labels: { 'app.kubernetes.io/name': 'pipeops-agent', 'app.kubernetes.io/component': 'state' },
      },
      data,
    });
    if (created.status !== 201 && created.status !== 200) throw new Error(`POST ${this.where}: HTTP ${created.status} ${created.message}`);
  }

  async #call(method: string, path: string, body?: object, contentType = 'application/json'): Promise<{ status: number; body: unknown; message: string }> {
    const res = await this.#target.dispatcher.request({
      path,
      method: method,
      headers: {
        ...this.#target.authHeaders(),
        accept: 'application/json',
        ...(body ? { 'content-type': contentType } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.body.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the status alone says what happened
    }
    const message = (parsed as { message?: string } | undefined)?.message ?? '';
    return { status: res.statusCode, body: parsed, message };
  }
}

function pick(data: Record<string, unknown>): StoredIdentity {
  const out: StoredIdentity = {};
  if (typeof data.agent_id === 'string' && data.agent_id !== '') out.agent_id = data.agent_id;
  if (typeof data.cluster_id === 'string' && data.cluster_id !== '') out.cluster_id = data.cluster_id;
  return out;
}

export interface IdentityOptions {
  config: AgentConfig['agent'];
  target: KubeTarget;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** The built-in default of agent.state_file: only it falls back to the user's state directory. */
  defaultStateFile?: string;
  /** Overrides the store chosen from the config (tests). */
  store?: IdentityStore;
}

/** The agent's id and last cluster id; setClusterId persists a change. */
export class AgentIdentity {
  readonly agentId: string;
  readonly source: 'config' | 'stored' | 'generated';
  #clusterId: string;
  readonly #store: IdentityStore | undefined;
  readonly #log: Logger;
  #writes: Promise<void> = Promise.resolve();

  constructor(agentId: string, clusterId: string, source: AgentIdentity['source'], store: IdentityStore | undefined, logger: Logger) {
    this.agentId = agentId;
    this.#clusterId = clusterId;
    this.source = source;
    this.#store = store;
    this.#log = logger;
  }

  get clusterId(): string {
    return this.#clusterId;
  }

  /** Where the identity is kept, or undefined when it is not kept. */
  get store(): IdentityStore | undefined {
    return this.#store;
  }

  /** Records the cluster id from `registered`; persists it when it changed. Writes go one at a time, in order. Never throws. */
  setClusterId(clusterId: string): Promise<void> {
    if (clusterId === this.#clusterId) return this.#writes;
    this.#clusterId = clusterId;
    const store = this.#store;
    if (!store) return this.#writes;
    this.#writes = this.#writes.then(async () => {
      try {
        await store.save({ agent_id: this.agentId, cluster_id: clusterId });
      } catch (err) {
        this.#log.warn({ store: store.where, err: (err as Error).message }, 'cannot persist cluster_id');
      }
    });
    return this.#writes;
  }

  /** Settles once every write started so far has finished (shutdown waits for it). */
  flushed(): Promise<void> {
    return this.#writes;
  }
}

/** Picks the store, loads what it holds, and generates and saves an agent_id when there is none. Never throws. */
export async function loadIdentity(options: IdentityOptions): Promise<AgentIdentity> {
  const { config, logger } = options;
  const log = logger.child({ component: 'identity' });
  const candidates = options.store ? [options.store] : storesFor(options);
  let stored: StoredIdentity = {};
  let store: IdentityStore | undefined;
  for (const s of candidates) {
    try {
      const found = await s.load();
      if (found) {
        stored = found;
        store = s;
        break;
      }
    } catch (err) {
      log.warn({ store: s.where, err: (err as Error).message }, 'cannot read the state store');
    }
  }
  const agentId = config.id || stored.agent_id || randomUUID();
  const source: AgentIdentity['source'] = config.id ? 'config' : stored.agent_id ? 'stored' : 'generated';
  const clusterId = stored.cluster_id ?? '';

  // Write when something is new (a generated id) or the store is not the one
  // that held it; a store that refuses is skipped for the next candidate.
  if (!store || source === 'generated' || (source === 'config' && stored.agent_id !== config.id)) {
    const order = store ? [store, ...candidates.filter((c) => c !== store)] : candidates;
    store = undefined;
    for (const s of order) {
      try {
        await s.save({ agent_id: agentId, cluster_id: clusterId });
        store = s;
        break;
      } catch (err) {
        log.warn({ store: s.where, err: (err as Error).message }, 'cannot write the state store');
      }
    }
  }
  if (!store && source !== 'config') {
    log.warn({ agent_id: agentId }, 'the agent_id is not persisted: the control plane will see a new agent after a restart (set agent.id or make the state store writable)');
  }
  log.info({ agent_id: agentId, source, store: store?.where, cluster_id: clusterId || undefined }, 'agent identity');
  return new AgentIdentity(agentId, clusterId, source, store, logger);
}

function storesFor(options: IdentityOptions): IdentityStore[] {
  const { config, target } = options;
  const kind = config.state_store === 'auto' ? (target.mode === 'in-cluster' ? 'configmap' : 'file') : config.state_store;
  if (kind === 'configmap') {
    return [new ConfigMapIdentityStore(target, target.namespace, config.state_configmap)];
  }
  const stores: IdentityStore[] = [new FileIdentityStore(config.state_file)];
  if (options.defaultStateFile !== undefined && config.state_file === options.defaultStateFile) {
    const fallback = userStateFile(options.env);
    if (fallback !== config.state_file) stores.push(new FileIdentityStore(fallback));
  }
  return stores;
}
