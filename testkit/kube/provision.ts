// What the specs find in a fresh test API server: a namespace, service
// accounts bound to RBAC rules, and in-cluster-style credential directories
// (token, ca.crt, namespace) holding a bound token from the TokenRequest API.
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeClient } from './client.ts';

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
  resourceNames?: string[];
}

export interface ServiceAccountOptions {
  name: string;
  namespace: string;
  rules: PolicyRule[];
  /** Bind a ClusterRole (all namespaces) instead of a Role in the namespace. */
  clusterWide?: boolean;
}

/** Everything, everywhere: what the agent's own service account gets in the tests. */
export const ALL_RULES: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

export async function createNamespace(admin: KubeClient, name: string): Promise<void> {
  await expectOk(admin.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
}

/** Creates the service account, its role and binding. Idempotent on name. */
export async function createServiceAccount(admin: KubeClient, options: ServiceAccountOptions): Promise<void> {
  const { name, namespace, rules } = options;
  await expectOk(
    admin.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace },
    }),
  );
  const roleName = options.clusterWide ? `${namespace}:${name}` : name;
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  const [roleKind, bindingKind, base] = options.clusterWide
    ? (['ClusterRole', 'ClusterRoleBinding', rbac] as const)
    : (['Role', 'RoleBinding', `${rbac}/namespaces/${namespace}`] as const);
  const meta = options.clusterWide ? { name: roleName } : { name: roleName, namespace };
  await expectOk(
    admin.request('POST', `${base}/${roleKind === 'Role' ? 'roles' : 'clusterroles'}`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: roleKind,
      metadata: meta,
      rules,
    }),
  );
  await expectOk(
    admin.request('POST', `${base}/${bindingKind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings'}`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: bindingKind,
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    }),
  );
}

/** The service account (as createServiceAccount) plus a credential dir holding a fresh token for it. */
export async function provisionServiceAccount(
  admin: KubeClient,
  options: ServiceAccountOptions & { dir: string; caFile: string },
): Promise<void> {
  const { name, namespace, rules, clusterWide, dir, caFile } = options;
  await createServiceAccount(admin, { name, namespace, rules, clusterWide });
  const token = await mintToken(admin, name, namespace);
  await writeCredentialDir(dir, token, caFile, namespace);
}

/** A bound service account token from the TokenRequest API. */
export async function mintToken(admin: KubeClient, name: string, namespace: string, expirationSeconds = 3600): Promise<string> {
  const res = await expectOk(
    admin.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds },
    }),
  );
  return res.json<{ status: { token: string } }>().status.token;
}

/** Writes token, ca.crt and namespace into dir, as the kubelet mounts them in a pod. */
export async function writeCredentialDir(dir: string, token: string, caFile: string, namespace: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await Promise.all([
    writeToken(dir, token),
    copyFile(caFile, join(dir, 'ca.crt')),
    writeFile(join(dir, 'namespace'), namespace),
  ]);
}

/** Replaces dir/token atomically (write + rename), so a reader never sees half a token. */
export async function writeToken(dir: string, token: string): Promise<void> {
  const next = join(dir, `.token.${process.pid}.${Date.now()}`);
  await writeFile(next, token, { mode: 0o600 });
  await rename(next, join(dir, 'token'));
}

async function expectOk(pending: ReturnType<KubeClient['request']>): Promise<Awaited<ReturnType<KubeClient['request']>>> {
  const res = await pending;
  if (res.status >= 300 && res.status !== 409) {
    throw new Error(`test API server set-up failed: HTTP ${res.status}: ${res.text.slice(0, 500)}`);
  }
  return res;
}
