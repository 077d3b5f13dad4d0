// Workloads for specs that need something running: a namespace whose default
// service account exists (pods are refused until the controller manager made
// it), and Deployments or bare pods waited on until every pod is Running and
// Ready on a kwok node. Everything goes through the admin client.
import type { KubeClient } from './client.ts';
import { waitUntil } from './wait.ts';

export interface WorkloadOptions {
  /** Container image; kwok never pulls it (default nginx). */
  image?: string;
  /** Extra pod labels (app=<name> is always set). */
  labels?: Record<string, string>;
  /** How long to wait for Ready pods (default 60 s). */
  timeoutMs?: number;
}

export interface RunningDeployment {
  name: string;
  namespace: string;
  /** Names of its Ready pods, sorted. */
  pods: string[];
}

interface PodLike {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

interface DeploymentLike {
  metadata: { generation?: number };
  status?: { observedGeneration?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; replicas?: number };
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The pod template every helper uses: one container "app" with ports 80 and 8080 (kwok forwards both).
 * A 1 s grace period, because the namespace controller waits that long before it looks again at a
 * namespace whose pods are terminating (30 s by default).
 */
export function podSpec(options: WorkloadOptions = {}): object {
  return {
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: 'app',
        image: options.image ?? 'nginx',
        ports: [
          { name: 'http', containerPort: 80 },
          { name: 'alt', containerPort: 8080 },
        ],
      },
    ],
  };
}

export async function waitForDefaultServiceAccount(admin: KubeClient, namespace: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await waitUntil(`the default ServiceAccount in ${namespace}`, timeoutMs, async () => {
    const res = await admin.request('GET', `/api/v1/namespaces/${namespace}/serviceaccounts/default`);
    return res.status === 200;
  });
}

/** Creates the namespace (if missing) and resolves once its default service account exists. */
export async function ensureNamespace(admin: KubeClient, namespace: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await ok(admin.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }));
  await waitForDefaultServiceAccount(admin, namespace, timeoutMs);
}

export async function runDeployment(
  admin: KubeClient,
  name: string,
  replicas: number,
  namespace: string,
  options: WorkloadOptions = {},
): Promise<RunningDeployment> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  await ensureNamespace(admin, namespace, timeoutMs);
  const labels = { ...options.labels, app: name };
  const path = `/apis/apps/v1/namespaces/${namespace}/deployments`;
  await ok(
    admin.request('POST', path, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { app: name } },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels }, spec: podSpec(options) },
      },
    }),
  );
  let pods: string[] = [];
  await waitUntil(`Deployment ${namespace}/${name} rolled out with ${replicas} Ready pods`, timeoutMs, async () => {
    const deployment = (await admin.request('GET', `${path}/${name}`)).json<DeploymentLike>();
    const s = deployment.status ?? {};
    const done =
      (s.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1) &&
      s.updatedReplicas === replicas &&
      s.readyReplicas === replicas &&
      s.availableReplicas === replicas &&
      (s.replicas ?? 0) === replicas;
    if (!done) return false;
    const ready = await readyPods(admin, namespace, `app=${name}`);
    pods = ready;
    return ready.length === replicas;
  });
  return { name, namespace, pods };
}

/** A bare pod (no controller), resolved once Running and Ready; returns its node. */
export async function runPod(admin: KubeClient, name: string, namespace: string, options: WorkloadOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  await ensureNamespace(admin, namespace, timeoutMs);
  const path = `/api/v1/namespaces/${namespace}/pods`;
  await ok(
    admin.request('POST', path, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { ...options.labels, app: name } },
      spec: podSpec(options),
    }),
  );
  let node = '';
  await waitUntil(`pod ${namespace}/${name} Running and Ready`, timeoutMs, async () => {
    const pod = (await admin.request('GET', `${path}/${name}`)).json<PodLike>();
    node = pod.spec.nodeName ?? '';
    return isReady(pod);
  });
  return node;
}

async function readyPods(admin: KubeClient, namespace: string, selector: string): Promise<string[]> {
  const res = await admin.request('GET', `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`);
  const pods = res.json<{ items: PodLike[] }>().items;
  return pods.filter((pod) => pod.metadata.deletionTimestamp === undefined && isReady(pod)).map((pod) => pod.metadata.name).toSorted();
}

function isReady(pod: PodLike): boolean {
  return pod.status?.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

async function ok(pending: ReturnType<KubeClient['request']>): Promise<void> {
  const res = await pending;
  if (res.status >= 300 && res.status !== 409) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 500)}`);
}
