// kwok as the test cluster's kubelets: two fake nodes on 127.0.0.1 whose pods
// go Running and Ready through kwok's standard stages, and whose kubelet API
// (logs, exec, attach, port-forward) kwok maps to local things in the run's
// dir: one CRI-format log file (and a "previous container" one), local
// processes in a work dir, and the pod-target HTTP server for ports 80/8080.
//
// The rules are CRs (kwok --enable-crds), not kwok's static -c config: that
// costs about a second at start-up (the CRDs must be Established first) but a
// spec can add its own per-pod Exec/Logs/Attach/PortForward object with the
// admin client, and kwok applies it within a second, without a restart.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeClient } from './client.ts';
import { waitUntil } from './wait.ts';
import type { Daemon } from './processes.ts';

export const KWOK_NODES = ['kwok-node-0', 'kwok-node-1'];
/** kwok manages the nodes carrying this annotation, and only those. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
/** Pod ports kwok forwards to the pod-target server. */
export const POD_TARGET_PORTS = [80, 8080];
const KWOK_API = '/apis/kwok.x-k8s.io/v1alpha1';
/** The kinds kwok watches (--enable-crds); the other CRDs kwok ships (metrics, resource usage) are left out. */
const PLURALS: Record<string, string> = {
  Stage: 'stages',
  Exec: 'execs',
  ClusterExec: 'clusterexecs',
  Logs: 'logs',
  ClusterLogs: 'clusterlogs',
  Attach: 'attaches',
  ClusterAttach: 'clusterattaches',
  PortForward: 'portforwards',
  ClusterPortForward: 'clusterportforwards',
};
const KINDS = Object.keys(PLURALS);

export interface KwokState {
  /** Where `kubectl exec` commands run (kwok's ClusterExec workDir); also kwok's own cwd. */
  workDir: string;
  /** The CRI-format file every container's `kubectl logs` (and attach) reads; append with kube.appendPodLog(). */
  logFile: string;
  /** What `kubectl logs --previous` reads. */
  previousLogFile: string;
  /** Port of the pod-target HTTP server on 127.0.0.1 (pod ports POD_TARGET_PORTS lead there). */
  podTargetPort: number;
  podTargetPorts: number[];
  /** kwok's kubelet API port on 127.0.0.1 (the nodes' daemonEndpoints). */
  kubeletPort: number;
}

/** Makes the dirs and files kwok's rules point at. */
export function prepareKwokFiles(dir: string, podTargetPort: number, kubeletPort: number): KwokState {
  const workDir = join(dir, 'kwok', 'exec');
  mkdirSync(workDir, { recursive: true });
  const state: KwokState = {
    workDir,
    logFile: join(dir, 'kwok', 'pod.log'),
    previousLogFile: join(dir, 'kwok', 'pod-previous.log'),
    podTargetPort,
    podTargetPorts: POD_TARGET_PORTS,
    kubeletPort,
  };
  writeFileSync(state.logFile, criLogLine('container started'));
  writeFileSync(state.previousLogFile, criLogLine('previous container run'));
  // kwok would read ~/.kwok/kwok.yaml without a -c; an empty config keeps the run hermetic.
  writeFileSync(join(dir, 'kwok', 'kwok.yaml'), '');
  return state;
}

export function kwokArgs(dir: string, kubeconfig: string, state: KwokState): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--config=${join(dir, 'kwok', 'kwok.yaml')}`,
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
    '--node-ip=127.0.0.1',
    `--node-port=${state.kubeletPort}`,
    `--server-address=127.0.0.1:${state.kubeletPort}`,
    `--enable-crds=${KINDS.join(',')}`,
  ];
}

/** One line of a CRI container log: `<RFC3339Nano time> <stream> F <text>`. */
export function criLogLine(text: string, stream: 'stdout' | 'stderr' = 'stdout', at = new Date()): string {
  if (text.includes('\n')) throw new Error('a CRI log line holds no newline; append one line at a time');
  return `${at.toISOString()} ${stream} F ${text}\n`;
}

export function appendCriLogLine(file: string, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  appendFileSync(file, criLogLine(text, stream));
}

/** kwok's log line saying it now plays the node stages. */
const NODE_STAGES_STARTED = /"msg":"Start stage controller".*"Kind":"Node"/;
/** Normally kwok starts its stage controllers within 0.1 s; a kwok that has not after this long never will. */
const STAGES_START_MS = 20_000;
const KWOK_ATTEMPTS = 3;

/**
 * Waits until kwok plays its node stages, restarting a kwok that never starts them. Seen here under heavy load:
 * kwok logs "Watch nodes", starts its kubelet server, and then never starts a stage controller, so its nodes stay
 * NotReady for good. A new kwok process over the same rules starts them at once.
 */
export async function kwokPlayingStages(
  kwok: Daemon,
  respawn: (d: Daemon) => Promise<Daemon>,
  daemons: Daemon[],
  startMs = STAGES_START_MS,
): Promise<Daemon> {
  for (let attempt = 1; ; attempt++) {
    const logged = (): Promise<boolean> => Promise.resolve(readFileSync(kwok.logFile, 'utf8').split('\n').some((l) => NODE_STAGES_STARTED.test(l)));
    try {
      await waitUntil('kwok to start its node stage controller', startMs, logged, [...daemons, kwok]);
      return kwok;
    } catch (err) {
      if (attempt === KWOK_ATTEMPTS || !/not reached within/.test((err as Error).message)) throw err;
      process.stderr.write(`[kube] kwok started no stage controller within ${startMs} ms; restarting it (attempt ${attempt + 1} of ${KWOK_ATTEMPTS})\n`);
      kwok = await respawn(kwok);
    }
  }
}

/** Creates kwok's CRDs and waits until the API server serves them. */
export async function installKwokCrds(admin: KubeClient, crdsDir: string, timeoutMs: number): Promise<void> {
  const wanted = new Set(KINDS);
  const crds = readdirSync(crdsDir)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => documents(join(crdsDir, file)))
    .filter((crd) => wanted.has((crd as { spec: { names: { kind: string } } }).spec.names.kind));
  const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  await Promise.all(crds.map((crd) => created(admin.request('POST', path, crd), 'a kwok CRD')));
  await waitUntil('kwok CRDs Established', timeoutMs, async () => {
    const res = await admin.request('GET', `${path}?labelSelector=`);
    const items = res.json<{ items: { spec: { group: string }; status?: { conditions?: { type: string; status: string }[] } }[] }>().items;
    const established = items.filter(
      (crd) => crd.spec.group === 'kwok.x-k8s.io' && crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'),
    );
    return established.length === crds.length;
  });
}

/** Creates the standard stages and the cluster-wide exec/logs/attach/port-forward rules. */
export async function createKwokRules(admin: KubeClient, stagesDir: string, state: KwokState): Promise<void> {
  const stages = readdirSync(stagesDir)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => documents(join(stagesDir, file)));
  const rules = [
    { kind: 'ClusterExec', spec: { execs: [{ local: { workDir: state.workDir, envs: [{ name: 'KWOK_POD_EXEC', value: 'true' }] } }] } },
    { kind: 'ClusterLogs', spec: { logs: [{ logsFile: state.logFile, previousLogsFile: state.previousLogFile, follow: true }] } },
    { kind: 'ClusterAttach', spec: { attaches: [{ logsFile: state.logFile }] } },
    {
      kind: 'ClusterPortForward',
      spec: { forwards: [{ ports: state.podTargetPorts, target: { address: '127.0.0.1', port: state.podTargetPort } }] },
    },
  ].map((rule) => ({ apiVersion: 'kwok.x-k8s.io/v1alpha1', metadata: { name: 'pipeops-test' }, ...rule }));
  // Established can run a moment ahead of the CR endpoints being served: retry a 404.
  await Promise.all(
    [...stages, ...rules].map((object) =>
      waitUntil(`creating kwok ${(object as { kind: string }).kind}`, 10_000, async () => {
        const res = await admin.request('POST', `${KWOK_API}/${PLURALS[(object as { kind: string }).kind] ?? '?'}`, object);
        if (res.status === 404) return false;
        await created(Promise.resolve(res), 'a kwok rule');
        return true;
      }),
    ),
  );
}

/** Node objects kwok will play: no taint, so ordinary pods schedule onto them. */
export async function createNodes(admin: KubeClient, names: string[]): Promise<void> {
  await Promise.all(
    names.map((name) =>
      created(
        admin.request('POST', '/api/v1/nodes', {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name,
            annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
            labels: {
              type: 'kwok',
              'kubernetes.io/hostname': name,
              'kubernetes.io/os': 'linux',
              'kubernetes.io/arch': 'amd64',
              'node-role.kubernetes.io/agent': '',
            },
          },
        }),
        'a node',
      ),
    ),
  );
}

interface NodeStatus {
  metadata: { name: string };
  spec: { taints?: { key: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

/** Waits until every node is Ready and carries no NoSchedule taint (the not-ready one goes once Ready is seen). */
export async function waitNodesReady(admin: KubeClient, names: string[], timeoutMs: number, daemons: Daemon[]): Promise<void> {
  await waitUntil('kwok nodes Ready', timeoutMs, async () => {
    const nodes = (await admin.request('GET', '/api/v1/nodes')).json<{ items: NodeStatus[] }>().items;
    const waiting = names.flatMap((name) => {
      const node = nodes.find((n) => n.metadata.name === name);
      if (!node) return [`${name} missing`];
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      const taints = (node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule');
      if (ready?.status === 'True' && taints.length === 0) return [];
      return [`${name} Ready=${ready?.status ?? 'none'}${taints.length > 0 ? `, tainted ${taints.map((t) => t.key).join(', ')}` : ''}`];
    });
    // Thrown, so that a timeout names each node that is not there yet and why.
    if (waiting.length > 0) throw new Error(waiting.join('; '));
    return true;
  }, daemons);
}

function documents(file: string): object[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as object | null)
    .filter((doc): doc is object => doc !== null);
}

async function created(pending: ReturnType<KubeClient['request']>, what: string): Promise<void> {
  const res = await pending;
  if (res.status >= 300 && res.status !== 409) throw new Error(`creating ${what} failed: HTTP ${res.status}: ${res.text.slice(0, 500)}`);
}
