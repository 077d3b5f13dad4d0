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
import { ConfigMapIdentityStore } from './configmap-store.ts';
import type { KubeTarget } from '../kube/target.ts';
import { pickIdentity, type IdentityStore, type StoredIdentity } from './stored-identity.ts';

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
    return pickIdentity(data as Record<string, unknown>);
  }

  async save(identity: Required<StoredIdentity>): Promise<void> {
    // One process per file: nothing to settle between replicas.
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
  let agentId = config.id || stored.agent_id || randomUUID();
  let source: AgentIdentity['source'] = config.id ? 'config' : stored.agent_id ? 'stored' : 'generated';
  let clusterId = stored.cluster_id ?? '';

  // Write when something is new (a generated id) or the store is not the one
  // that held it; a store that refuses is skipped for the next candidate.
  if (!store || source === 'generated' || (source === 'config' && stored.agent_id !== config.id)) {
    const order = store ? [store, ...candidates.filter((c) => c !== store)] : candidates;
    store = undefined;
    for (const s of order) {
      try {
        // A generated id is only a proposal: a replica that stored one first wins.
        const held = await s.save({ agent_id: agentId, cluster_id: clusterId }, source === 'generated' ? 'adopt' : 'replace');
        if (source === 'generated' && held?.agent_id && held.agent_id !== agentId) {
          agentId = held.agent_id;
          clusterId = held.cluster_id ?? '';
          source = 'stored';
        }
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
