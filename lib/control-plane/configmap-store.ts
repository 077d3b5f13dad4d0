// The identity's state store in a cluster: a ConfigMap in the agent's
// namespace, read and written with the agent's own credentials through the
// API server client (kube/api-client.ts). Which store is used, and what is kept,
// is decided in identity.ts.
import { requestJson, type JsonRequest } from '../kube/api-client.ts';
import type { KubeTarget } from '../kube/target.ts';
import { pickIdentity, type IdentityStore, type StoredIdentity } from './stored-identity.ts';

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

  async #call(method: NonNullable<JsonRequest['method']>, path: string, body?: object, contentType = 'application/json'): Promise<{ status: number; body: unknown; message: string }> {
    const res = await requestJson(this.#target.dispatcher, { method, path, ...(body ? { body, contentType } : {}), timeout: 10_000 });
    return { status: res.status, body: res.json, message: res.message };
  }
}
