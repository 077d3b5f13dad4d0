// Doctor checks against the Kubernetes API server, made with the agent's own
// credentials and client (kube/api-client.ts): reachable and answering /version, and
// allowed what the proxy needs, asked with SelfSubjectAccessReview so the
// answer is the API server's own authorizer, whatever RBAC or webhook it runs.
import type { AgentConfig } from '../config/types.ts';
import { requestJson } from '../kube/api-client.ts';
import type { KubeTarget } from '../kube/target.ts';
import { describeError, isCertificateError, type Report } from './report.ts';

export interface Permission {
  verb: string;
  group?: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

interface KubeAnswer {
  status: number;
  body: unknown;
}

/** What the heartbeat and typical Runner reads need, cluster-wide. Without these the agent is of little use. */
export const REQUIRED_PERMISSIONS: readonly Permission[] = [
  { verb: 'list', resource: 'nodes' },
  { verb: 'list', resource: 'namespaces' },
  { verb: 'list', resource: 'pods' },
  { verb: 'watch', resource: 'pods' },
  { verb: 'get', resource: 'pods', subresource: 'log' },
  { verb: 'list', resource: 'services' },
  { verb: 'list', group: 'apps', resource: 'deployments' },
];

/** What deploying needs; a read-only agent may lack them on purpose, so they only warn. */
export const DEPLOY_PERMISSIONS: readonly Permission[] = [
  { verb: 'create', group: 'apps', resource: 'deployments' },
  { verb: 'patch', group: 'apps', resource: 'deployments' },
  { verb: 'delete', resource: 'pods' },
];

export function describePermission(p: Permission): string {
  const resource = `${p.group ? `${p.group}/` : ''}${p.resource}${p.subresource ? `/${p.subresource}` : ''}`;
  const where = p.name ? ` ${p.namespace}/${p.name}` : p.namespace ? ` in ${p.namespace}` : '';
  return `${p.verb} ${resource}${where}`;
}

async function call(target: KubeTarget, method: 'GET' | 'POST', path: string, timeoutMs: number, body?: object): Promise<KubeAnswer> {
  // The agent's own client: the same credentials, and the same one retry after a 401.
  const answer = await requestJson(target.dispatcher, { method, path, ...(body ? { body } : {}), timeout: timeoutMs });
  return { status: answer.status, body: answer.json ?? answer.text };
}

function credentialsFix(target: KubeTarget): string {
  return target.mode === 'in-cluster'
    ? 'the service-account token was refused: check that the pod runs as ServiceAccount pipeops-agent and that the token is not expired'
    : "the kubeconfig's credentials were refused: re-create the kubeconfig (its token or certificate expired, or belongs to another cluster)";
}

/** GET /version. True when the API server answered. */
export async function checkApiServer(target: KubeTarget, report: Report, timeoutMs: number): Promise<boolean> {
  const where = `API server ${target.origin}`;
  let answer: KubeAnswer;
  try {
    answer = await call(target, 'GET', '/version', timeoutMs);
  } catch (err) {
    if (isCertificateError(err)) {
      report.fail(
        `${where}: TLS verification failed (${describeError(err)})`,
        target.mode === 'in-cluster'
          ? 'the ca.crt in the service-account directory does not match the API server'
          : "the kubeconfig's certificate-authority does not match the API server",
      );
    } else {
      report.fail(
        `${where} unreachable (${describeError(err)})`,
        target.mode === 'in-cluster'
          ? 'check KUBERNETES_SERVICE_HOST/PORT and that the pod can reach the API server (NetworkPolicy egress)'
          : "check the kubeconfig's server address and that the API server is up and reachable from here",
      );
    }
    return false;
  }
  if (answer.status === 401) {
    report.fail(`${where} rejected the agent's credentials (401)`, credentialsFix(target));
    return false;
  }
  if (answer.status !== 200) {
    report.fail(
      `${where} answered /version with HTTP ${answer.status}`,
      answer.status === 403 ? 'allow get on the non-resource URL /version (rbac-least-privilege.yaml grants it)' : 'check that the address is a Kubernetes API server',
    );
    return false;
  }
  const version = (answer.body as { gitVersion?: string }).gitVersion ?? 'unknown version';
  report.pass(`${where} reachable, Kubernetes ${version} (${target.mode})`);
  return true;
}

/** One SelfSubjectAccessReview: whether the agent may do `p`. */
export async function canI(target: KubeTarget, p: Permission, timeoutMs: number): Promise<boolean> {
  const answer = await call(target, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', timeoutMs, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: p.verb,
        group: p.group ?? '',
        resource: p.resource,
        ...(p.subresource ? { subresource: p.subresource } : {}),
        ...(p.namespace ? { namespace: p.namespace } : {}),
        ...(p.name ? { name: p.name } : {}),
      },
    },
  });
  if (answer.status !== 201 && answer.status !== 200) {
    throw new Error(`SelfSubjectAccessReview answered HTTP ${answer.status}`);
  }
  return (answer.body as { status?: { allowed?: boolean } }).status?.allowed === true;
}

/** The identity store the agent will use, as identity.ts chooses it. */
export function identityStoreKind(config: AgentConfig['agent'], target: KubeTarget): 'configmap' | 'file' {
  if (config.state_store !== 'auto') return config.state_store;
  return target.mode === 'in-cluster' ? 'configmap' : 'file';
}

/** The permissions the agent needs and may lack. True when nothing required is missing. */
export async function checkPermissions(
  config: AgentConfig,
  target: KubeTarget,
  report: Report,
  timeoutMs: number,
): Promise<boolean> {
  const required: Permission[] = [...REQUIRED_PERMISSIONS];
  if (identityStoreKind(config.agent, target) === 'configmap') {
    const at = { resource: 'configmaps', namespace: target.namespace, name: config.agent.state_configmap };
    required.push({ verb: 'get', ...at }, { verb: 'patch', ...at }, { verb: 'create', resource: 'configmaps', namespace: target.namespace });
  }
  let missing: Permission[];
  let missingDeploy: Permission[];
  try {
    const ask = (list: readonly Permission[]) => Promise.all(list.map((p) => canI(target, p, timeoutMs)));
    const [allowed, allowedDeploy] = await Promise.all([ask(required), ask(DEPLOY_PERMISSIONS)]);
    missing = required.filter((_, i) => !allowed[i]);
    missingDeploy = DEPLOY_PERMISSIONS.filter((_, i) => !allowedDeploy[i]);
  } catch (err) {
    report.fail(
      `permissions: cannot ask the API server (${describeError(err)})`,
      'allow create on authorization.k8s.io/selfsubjectaccessreviews (every authenticated user has it by default)',
    );
    return false;
  }
  if (missing.length > 0) {
    const subject = target.mode === 'in-cluster' ? "the agent's ServiceAccount" : "the kubeconfig's user";
    report.fail(
      `permissions: cannot ${missing.map(describePermission).join(', ')}`,
      `bind ${subject} to the ClusterRole of examples/kubernetes/rbac-least-privilege.yaml and the Role of state-role.yaml ` +
        '(Helm: rbac.create=true); see docs/security.md',
    );
    return false;
  }
  const resources = [...new Set(REQUIRED_PERMISSIONS.map((p) => describePermission(p).replace(/^\S+ /, '')))];
  const identity = required.length > REQUIRED_PERMISSIONS.length
    ? `; identity ConfigMap ${target.namespace}/${config.agent.state_configmap}`
    : '';
  report.pass(`permissions: all ${required.length} the agent needs are granted (${resources.join(', ')}${identity})`);
  if (missingDeploy.length > 0) {
    report.warn(`permissions: cannot ${missingDeploy.map(describePermission).join(', ')}: Runners can read the cluster but not deploy to it`);
  }
  return true;
}
