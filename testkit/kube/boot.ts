// Booting the test cluster: binaries located, certificates made, etcd and
// kube-apiserver started and ready, then in parallel kwok's rules and nodes, the
// controller manager and scheduler, the test namespace with its service accounts,
// and the pod-target server — each phase timed. What comes back is the running
// cluster; the harness (harness.ts) owns it from there. A boot that fails stops
// what it started and removes its temp dir before it throws.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateKubeAssets } from './assets.ts';
import { KubeClient } from './client.ts';
import { apiserverArgs, controllerManagerArgs, etcdArgs, schedulerArgs } from './components.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import * as kwok from './kwok.ts';
import { createPki } from './pki.ts';
import { freePort, ProcessSet } from './processes.ts';
import * as provision from './provision.ts';
import { httpOk, waitUntil } from './wait.ts';
import * as workloads from './workloads.ts';

export const AGENT_SA = 'pipeops-agent';
export const NARROW_SA = 'pipeops-narrow';
/** What the narrow service account may do: get and list pods in its namespace, nothing else. */
export const NARROW_RULES: provision.PolicyRule[] = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }];

export interface KubeState {
  dir: string;
  server: string;
  host: string;
  port: number;
  caFile: string;
  adminCertFile: string;
  adminKeyFile: string;
  adminKubeconfig: string;
  namespace: string;
  saDir: string;
  narrowSaDir: string;
  kubectlPath: string;
  etcdServer: string;
  /** Names of the kwok nodes, Ready and untainted once start() resolved. */
  nodes: string[];
  kwok: kwok.KwokState;
}

/** Start-up phases in ms. Phases after /readyz run in parallel; each counts from /readyz. */
export interface KubeTimings {
  assetsMs: number;
  /** Certificates, etcd started and healthy. */
  etcdMs: number;
  /** Binaries located to kube-apiserver /readyz (includes etcdMs). */
  readyMs: number;
  /** /readyz to kwok's CRDs Established and its rules created. */
  kwokRulesMs: number;
  /** /readyz to every node Ready and untainted. */
  nodesReadyMs: number;
  /** /readyz to the test namespace, its service accounts and the default ServiceAccount (made by the controller manager). */
  provisionMs: number;
  totalMs: number;
}

export interface KubeStartOptions {
  namespace?: string;
  /** How long to wait for each start-up phase. */
  readyTimeoutMs?: number;
}

export interface BootedCluster {
  state: KubeState;
  processes: ProcessSet;
  /** Cluster admin (system:masters) by client certificate. */
  admin: KubeClient;
  timings: KubeTimings;
}

export async function bootCluster(options: KubeStartOptions = {}): Promise<BootedCluster> {
  const timeout = options.readyTimeoutMs ?? 60_000;
  const t0 = performance.now();
  const assets = await locateKubeAssets();
  const t1 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-kube-'));
  const processes = new ProcessSet(dir);
  let admin: KubeClient | undefined;
  try {
    const [pki, etcdPort, peerPort, port, kubeletPort, podTargetPort] = await Promise.all([
      createPki(dir),
      ...Array.from({ length: 5 }, () => freePort()),
    ]);
    const log = (name: string): string => join(dir, `${name}.log`);
    // The pod-target server needs nothing else: start it first (it is stopped last).
    const podTarget = processes.spawn('pod-target', process.execPath, [join(import.meta.dirname, 'pod-target.ts'), `--port=${podTargetPort}`], log('pod-target'));
    const etcdServer = `http://127.0.0.1:${etcdPort}`;
    const etcd = processes.spawn('etcd', assets.etcd, etcdArgs(dir, assets.etcd, etcdServer, `http://127.0.0.1:${peerPort}`), log('etcd'));
    const server = `https://127.0.0.1:${port}`;
    const client = new KubeClient({ server, caFile: pki.caCert, certFile: pki.adminCert, keyFile: pki.adminKey });
    admin = client;
    const namespace = options.namespace ?? 'pipeops-test';
    const kubeconfig = (name: string, certFile: string, keyFile: string): string =>
      writeKubeconfig(join(dir, `${name}.kubeconfig`), { server, caFile: pki.caCert, certFile, keyFile, user: name, namespace });
    const adminConfig = kubeconfig('admin', pki.adminCert, pki.adminKey);
    const kwokState = kwok.prepareKwokFiles(dir, podTargetPort, kubeletPort);
    await waitUntil('etcd /health', timeout, () => httpOk(`${etcdServer}/health`), [etcd]);
    const tEtcd = performance.now();
    const apiserver = processes.spawn('kube-apiserver', assets.kubeApiserver, apiserverArgs(dir, pki, etcdServer, port), log('kube-apiserver'));
    await waitUntil('kube-apiserver /readyz', timeout, async () => (await client.request('GET', '/readyz')).status === 200, [apiserver]);
    const t2 = performance.now();

    const controlPlane = [
      apiserver,
      processes.spawn('kube-controller-manager', assets.kubeControllerManager,
        controllerManagerArgs(pki, kubeconfig('controller-manager', pki.controllerManagerCert, pki.controllerManagerKey)),
        log('kube-controller-manager')),
      processes.spawn('kube-scheduler', assets.kubeScheduler,
        schedulerArgs(kubeconfig('scheduler', pki.schedulerCert, pki.schedulerKey)), log('kube-scheduler')),
    ];
    const since = (t: number) => (): number => performance.now() - t;
    const state: KubeState = {
      dir,
      server,
      host: '127.0.0.1',
      port,
      caFile: pki.caCert,
      adminCertFile: pki.adminCert,
      adminKeyFile: pki.adminKey,
      adminKubeconfig: adminConfig,
      namespace,
      saDir: join(dir, 'sa', AGENT_SA),
      narrowSaDir: join(dir, 'sa', NARROW_SA),
      kubectlPath: assets.kubectl,
      etcdServer,
      nodes: kwok.KWOK_NODES,
      kwok: kwokState,
    };
    // kwok starts once its rules (stages included) exist: a kwok that sees a node before the node stages
    // may leave that node NotReady for good.
    const rules = (async () => {
      await kwok.installKwokCrds(client, assets.kwokCrdsDir, timeout);
      await kwok.createKwokRules(client, assets.kwokStagesDir, kwokState);
      return since(t2)();
    })();
    const [kwokRulesMs, nodesReadyMs, provisionMs] = await Promise.all([
      rules,
      (async () => {
        await kwok.createNodes(client, state.nodes);
        await rules;
        const started = processes.spawn('kwok', assets.kwok, kwok.kwokArgs(dir, kubeconfig('kwok', pki.kwokCert, pki.kwokKey), kwokState),
          log('kwok'), { cwd: kwokState.workDir });
        const kwokDaemon = await kwok.kwokPlayingStages(started, (d) => processes.respawn(d), controlPlane);
        await kwok.waitNodesReady(client, state.nodes, timeout, [...controlPlane, kwokDaemon]);
        return since(t2)();
      })(),
      (async () => {
        await provision.createNamespace(client, namespace);
        const account = { namespace, caFile: state.caFile };
        await Promise.all([
          provision.provisionServiceAccount(client, { ...account, name: AGENT_SA, rules: provision.ALL_RULES, clusterWide: true, dir: state.saDir }),
          provision.provisionServiceAccount(client, { ...account, name: NARROW_SA, rules: NARROW_RULES, dir: state.narrowSaDir }),
          workloads.waitForDefaultServiceAccount(client, namespace, timeout),
          workloads.waitForDefaultServiceAccount(client, 'default', timeout),
        ]);
        return since(t2)();
      })(),
      waitUntil('the pod-target server', timeout, () => httpOk(`http://127.0.0.1:${podTargetPort}/`), [podTarget]),
    ]);
    const timings: KubeTimings = {
      assetsMs: t1 - t0,
      etcdMs: tEtcd - t1,
      readyMs: t2 - t1,
      kwokRulesMs,
      nodesReadyMs,
      provisionMs,
      totalMs: performance.now() - t0,
    };
    return { state, processes, admin: client, timings };
  } catch (err) {
    await admin?.close();
    await processes.stop();
    throw err;
  }
}
