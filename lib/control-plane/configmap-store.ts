// The identity's state store in a cluster: a ConfigMap in the agent's
// namespace, read and written with the agent's own credentials through the
// API server client (kube/api-client.ts). Which store is used, and what is kept,
// is decided in identity.ts.
import { requestJson, type JsonRequest } from '../kube/api-client.ts';
import type { KubeTarget } from '../kube/target.ts';
import { pickIdentity, type IdentityStore, type SaveMode, type StoredIdentity } from './stored-identity.ts';

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
    return pickIdentity((res.body as { data?: Record<string, unknown> }).data ?? {});
  }

  /**
   * Replicas of one cluster share this ConfigMap and may write it at the same moment,
   * so every write uses the API server's optimistic concurrency: create, and on 409
   * AlreadyExists read the winner; replace with its resourceVersion, and on 409
   * Conflict read again and re-apply. Resolves with what the ConfigMap holds.
   */
  async save(identity: Required<StoredIdentity>, mode: SaveMode = 'replace'): Promise<Required<StoredIdentity>> {
    const path = `${this.#path}/${encodeURIComponent(this.#name)}`;
    for (let attempt = 1; attempt <= 8; attempt++) {
      const got = await this.#call('GET', path);
      if (got.status === 404) {
        const created = await this.#call('POST', this.#path, this.#object(identity));
        if (created.status === 201 || created.status === 200) return identity;
        if (created.status === 409) continue; // another replica created it first: read the winner
        throw new Error(`POST ${this.where}: HTTP ${created.status} ${created.message}`);
      }
      if (got.status !== 200) throw new Error(`GET ${this.where}: HTTP ${got.status} ${got.message}`);
      const current = got.body as { metadata?: Record<string, unknown>; data?: Record<string, unknown> };
      const held = pickIdentity(current.data ?? {});
      const next =
        mode === 'adopt'
          ? { agent_id: held.agent_id ?? identity.agent_id, cluster_id: held.cluster_id ?? identity.cluster_id }
          : identity;
      if (held.agent_id === next.agent_id && (held.cluster_id ?? '') === next.cluster_id) return next;
      const replaced = await this.#call('PUT', path, {
        ...current,
        metadata: { ...current.metadata, resourceVersion: current.metadata?.resourceVersion },
        data: { ...current.data, ...next },
      });
      if (replaced.status === 200) return next;
      if (replaced.status !== 409) throw new Error(`PUT ${this.where}: HTTP ${replaced.status} ${replaced.message}`);
      // 409 Conflict: another replica wrote in between; read its version and re-apply.
    }
    throw new Error(`${this.where}: still conflicting after 8 attempts`);
  }

  #object(identity: Required<StoredIdentity>): object {
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: this.#name,
        namespace: this.#namespace,
        labels: { 'app.kubernetes.io/name': 'pipeops-agent', 'app.kubernetes.io/component': 'state' },
      },
      data: { agent_id: identity.agent_id, cluster_id: identity.cluster_id },
    };
  }

  async #call(method: NonNullable<JsonRequest['method']>, path: string, body?: object, contentType = 'application/json'): Promise<{ status: number; body: unknown; message: string }> {
    const res = await requestJson(this.#target.dispatcher, { method, path, ...(body ? { body, contentType } : {}), timeout: 10_000 });
    return { status: res.status, body: res.json, message: res.message };
  }
}
