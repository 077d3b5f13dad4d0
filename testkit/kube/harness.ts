// A real Kubernetes cluster without containers for the integration and
// end-to-end tiers, all on free loopback ports with certificates made for the
// run: etcd, kube-apiserver, kube-controller-manager and kube-scheduler from
// one Kubernetes build, and kwok playing two nodes (kwok-node-0/1) whose
// kubelet API leads to local things (kwok.ts: a log file, local processes,
// the pod-target HTTP server). Deployments roll out, namespaces delete,
// service accounts and their default appear. Provisioned with a namespace and
// service accounts. Started once per mocha run by hooks.ts; specs use the
// `kube` singleton:
//
//   import { kube } from '../../testkit/kube/harness.ts';
//   const res = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/pods`);
//   const { pods } = await kube.runDeployment('web', 2);
//   kube.appendPodLog('a line every container of every pod logs');
//
// A child process (the agent) gets in-cluster credentials from kube.agentEnv().
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateKubeAssets } from './assets.ts';
import { KubeClient, type KubeBody, type KubeResponse } from './client.ts';
import { apiserverArgs, controllerManagerArgs, etcdArgs, schedulerArgs } from './components.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import * as kwok from './kwok.ts';
import { createPki } from './pki.ts';
import { freePort, ProcessSet } from './processes.ts';
import * as provision from './provision.ts';
import { httpOk, waitUntil } from './wait.ts';
import * as workloads from './workloads.ts';

/** Environment variable naming the state file, so worker processes can find a running server. */
export const STATE_ENV = 'PIPEOPS_TEST_KUBE_STATE';
export const AGENT_SA = 'pipeops-agent';
export const NARROW_SA = 'pipeops-narrow';
/** What the narrow service account may do: get and list pods in its namespace, nothing else. */
export const NARROW_RULES: provision.PolicyRule[] = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }];
export type { KwokState } from './kwok.ts';
export type { RunningDeployment, WorkloadOptions } from './workloads.ts';

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

export class KubeHarness {
  #state: KubeState | undefined;
  #processes: ProcessSet | undefined;
  #admin: KubeClient | undefined;
  timings: KubeTimings | undefined;

  get started(): boolean {
    return this.#state !== undefined;
  }

  async start(options: KubeStartOptions = {}): Promise<KubeState> {
    if (this.#state !== undefined) return this.#state;
    const timeout = options.readyTimeoutMs ?? 60_000;
    const t0 = performance.now();
    const assets = await locateKubeAssets();
    const t1 = performance.now();
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-kube-'));
    const processes = new ProcessSet(dir);
    this.#processes = processes;
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
      const admin = new KubeClient({ server, caFile: pki.caCert, certFile: pki.adminCert, keyFile: pki.adminKey });
      this.#admin = admin;
      const namespace = options.namespace ?? 'pipeops-test';
      const kubeconfig = (name: string, certFile: string, keyFile: string): string =>
        writeKubeconfig(join(dir, `${name}.kubeconfig`), { server, caFile: pki.caCert, certFile, keyFile, user: name, namespace });
      const adminConfig = kubeconfig('admin', pki.adminCert, pki.adminKey);
      const kwokState = kwok.prepareKwokFiles(dir, podTargetPort, kubeletPort);
      await waitUntil('etcd /health', timeout, () => httpOk(`${etcdServer}/health`), [etcd]);
      const tEtcd = performance.now();
      const apiserver = processes.spawn('kube-apiserver', assets.kubeApiserver, apiserverArgs(dir, pki, etcdServer, port), log('kube-apiserver'));
      await waitUntil('kube-apiserver /readyz', timeout, async () => (await admin.request('GET', '/readyz')).status === 200, [apiserver]);
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
        await kwok.installKwokCrds(admin, assets.kwokCrdsDir, timeout);
        await kwok.createKwokRules(admin, assets.kwokStagesDir, kwokState);
        return since(t2)();
      })();
      const [kwokRulesMs, nodesReadyMs, provisionMs] = await Promise.all([
        rules,
        (async () => {
          await kwok.createNodes(admin, state.nodes);
          await rules;
          const kwokDaemon = processes.spawn('kwok', assets.kwok, kwok.kwokArgs(dir, kubeconfig('kwok', pki.kwokCert, pki.kwokKey), kwokState),
            log('kwok'), { cwd: kwokState.workDir });
          await kwok.waitNodesReady(admin, state.nodes, timeout, [...controlPlane, kwokDaemon]);
          return since(t2)();
        })(),
        (async () => {
          await provision.createNamespace(admin, namespace);
          this.#state = state;
          await Promise.all([
            this.createServiceAccount(AGENT_SA, provision.ALL_RULES, { clusterWide: true, dir: state.saDir }),
            this.createServiceAccount(NARROW_SA, NARROW_RULES, { dir: state.narrowSaDir }),
            workloads.waitForDefaultServiceAccount(admin, namespace, timeout),
            workloads.waitForDefaultServiceAccount(admin, 'default', timeout),
          ]);
          return since(t2)();
        })(),
        waitUntil('the pod-target server', timeout, () => httpOk(`http://127.0.0.1:${podTargetPort}/`), [podTarget]),
      ]);
      const stateFile = join(dir, 'state.json');
      writeFileSync(stateFile, JSON.stringify(state));
      process.env[STATE_ENV] = stateFile;
      const t3 = performance.now();
      this.timings = {
        assetsMs: t1 - t0,
        etcdMs: tEtcd - t1,
        readyMs: t2 - t1,
        kwokRulesMs,
        nodesReadyMs,
        provisionMs,
        totalMs: t3 - t0,
      };
      return state;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

/** Stops etcd and kube-apiserver and removes every file of the run. Safe to call twice. */
  async stop(): Promise<void> {
    const processes = this.#processes;
    const admin = this.#admin;
    this.#processes = undefined;
    this.#admin = undefined;
    this.#state = undefined;
    if (process.env[STATE_ENV]?.startsWith(processes?.dir ?? '\0')) delete process.env[STATE_ENV];
    await admin?.close();
    await processes?.stop();
  }

  /** Process ids of the daemons (pod-target, etcd, kube-apiserver, controller manager, scheduler, kwok) and the clean-up watchdog. */
  get pids(): { daemons: number[]; watchdog: number | undefined } {
    return this.#processes?.pids ?? { daemons: [], watchdog: undefined };
  }

  get state(): KubeState {
    if (this.#state !== undefined) return this.#state;
    const file = process.env[STATE_ENV];
    if (file === undefined) {
      throw new Error('the test API server is not running: run mocha with --require spec/support/kube-hooks.ts');
    }
    this.#state = JSON.parse(readFileSync(file, 'utf8')) as KubeState;
    return this.#state;
  }

  get server(): string { return this.state.server; }
  get host(): string { return this.state.host; }
  get port(): number { return this.state.port; }
  get caFile(): string { return this.state.caFile; }
  get adminKubeconfig(): string { return this.state.adminKubeconfig; }
  get namespace(): string { return this.state.namespace; }
  /** In-cluster-style dir (token, ca.crt, namespace) of the broadly bound pipeops-agent service account. */
  get saDir(): string { return this.state.saDir; }
  /** In-cluster-style dir of pipeops-narrow, which may only get and list pods in the namespace. */
  get narrowSaDir(): string { return this.state.narrowSaDir; }
  get kubectlPath(): string { return this.state.kubectlPath; }
  /** The kwok nodes (kwok-node-0, kwok-node-1). */
  get nodes(): string[] { return this.state.nodes; }
  /** Where kwok's kubelet API leads: exec work dir, log files, pod-target port. */
  get kwok(): kwok.KwokState { return this.state.kwok; }

  /** Appends one line to the log every container shows (`kubectl logs`, `logs -f`, `attach`), in CRI format. */
  appendPodLog(line: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    kwok.appendCriLogLine(this.kwok.logFile, line, stream);
  }

  /** Appends one line to what `kubectl logs --previous` shows. */
  appendPreviousPodLog(line: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    kwok.appendCriLogLine(this.kwok.previousLogFile, line, stream);
  }

  /** Creates the namespace (if missing) and resolves once its default ServiceAccount exists, so pods are admitted. */
  createNamespace(name: string): Promise<void> {
    return workloads.ensureNamespace(this.admin, name);
  }

  /** Creates a Deployment (label app=name, container "app" with ports 80 and 8080) and resolves once it rolled out. */
  runDeployment(name: string, replicas = 1, namespace = this.namespace, options: workloads.WorkloadOptions = {}): Promise<workloads.RunningDeployment> {
    return workloads.runDeployment(this.admin, name, replicas, namespace, options);
  }

  /** Creates a bare pod like runDeployment's and resolves with its node once it is Running and Ready. */
  runPod(name: string, namespace = this.namespace, options: workloads.WorkloadOptions = {}): Promise<string> {
    return workloads.runPod(this.admin, name, namespace, options);
  }

  /** The token currently in a credential dir (default: the agent's). */
  token(dir = this.saDir): string {
    return readFileSync(join(dir, 'token'), 'utf8');
  }

  get admin(): KubeClient {
    const state = this.state;
    this.#admin ??= new KubeClient({
      server: state.server,
      caFile: state.caFile,
      certFile: state.adminCertFile,
      keyFile: state.adminKeyFile,
    });
    return this.#admin;
  }

  /** A request as cluster admin (system:masters). Objects are sent as JSON. */
  adminRequest(method: string, path: string, body?: KubeBody, headers?: Record<string, string>): Promise<KubeResponse> {
    return this.admin.request(method, path, body, headers);
  }

  /** A client authenticating with a bearer token; close() it when done. */
  clientFor(token: string): KubeClient {
    return new KubeClient({ server: this.server, caFile: this.caFile, token });
  }

  /** A fresh bound token for a service account. */
  mintToken(serviceAccount = AGENT_SA, namespace = this.namespace, expirationSeconds = 3600): Promise<string> {
    return provision.mintToken(this.admin, serviceAccount, namespace, expirationSeconds);
  }

  /** Mints a new token and swaps it into the credential dir atomically; returns it. */
  async rotateToken(dir = this.saDir, serviceAccount = AGENT_SA, expirationSeconds = 3600): Promise<string> {
    const token = await this.mintToken(serviceAccount, this.namespace, expirationSeconds);
    await provision.writeToken(dir, token);
    return token;
  }

  /** Creates a service account bound to the rules and a credential dir for it; returns the dir. */
  async createServiceAccount(
    name: string,
    rules: provision.PolicyRule[],
    options: { clusterWide?: boolean; dir?: string } = {},
  ): Promise<string> {
    const dir = options.dir ?? join(this.state.dir, 'sa', name);
    await provision.createServiceAccount(this.admin, { name, namespace: this.namespace, rules, clusterWide: options.clusterWide });
    const token = await this.mintToken(name);
    await provision.writeCredentialDir(dir, token, this.caFile, this.namespace);
    return dir;
  }

  /** Environment for a child agent process: in-cluster service discovery plus the credential dir. */
  agentEnv(saDir = this.saDir): Record<string, string> {
    return {
      KUBERNETES_SERVICE_HOST: this.host,
      KUBERNETES_SERVICE_PORT: String(this.port),
      PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR: saDir,
    };
  }
}

/** The run's API server; started by hooks.ts. */
export const kube = new KubeHarness();
