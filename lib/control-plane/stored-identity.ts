// What the agent keeps of its identity, and the contract of a place that keeps
// it: the state file (control-plane/identity.ts) or the ConfigMap
// (configmap-store.ts).

export interface StoredIdentity {
  agent_id?: string;
  cluster_id?: string;
}

export interface IdentityStore {
  /** For logs: the file path or namespace/name of the ConfigMap. */
  readonly where: string;
  /** undefined when nothing is stored yet. */
  load(): Promise<StoredIdentity | undefined>;
  /**
   * Writes the identity. With `adopt`, what another replica stored first wins (its
   * agent_id, and its cluster_id when it has one). Resolves with what the store holds
   * after the write when the store can tell (a ConfigMap shared by replicas).
   */
  save(identity: Required<StoredIdentity>, mode?: SaveMode): Promise<StoredIdentity | void>;
}

/** `replace`: write these values; `adopt`: keep what another replica stored first. */
export type SaveMode = 'replace' | 'adopt';

/** The identity fields of stored data; anything else, or an empty string, is left out. */
export function pickIdentity(data: Record<string, unknown>): StoredIdentity {
  const out: StoredIdentity = {};
  if (typeof data.agent_id === 'string' && data.agent_id !== '') out.agent_id = data.agent_id;
  if (typeof data.cluster_id === 'string' && data.cluster_id !== '') out.cluster_id = data.cluster_id;
  return out;
}
