// A real Kubernetes cluster without containers for the integration and
// end-to-end tiers, all on free loopback ports with certificates made for the
// run: etcd, kube-apiserver, kube-controller-manager and kube-scheduler from
// one Kubernetes build, and kwok playing two nodes (kwok-node-0/1) whose
// kubelet API leads to local things (kwok.ts: a log file, local processes,
// the pod-target HTTP server). Deployments roll out, namespaces delete,
// service accounts and their default appear. Provisioned with a namespace and
// service accounts. Started (boot.ts) once per mocha run by kube-hooks.ts; specs
// use the `kube` singleton:
//
//   import { kube } from '../../testkit/kube/harness.ts';
//   const res = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/pods`);
//   const { pods } = await kube.runDeployment('web', 2);
//   kube.appendPodLog('a line every container of every pod logs');
//
// A child process (the agent) gets in-cluster credentials from kube.agentEnv().
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_SA, bootCluster, type KubeStartOptions, type KubeState, type KubeTimings } from './boot.ts';
import { KubeClient, type KubeBody, type KubeResponse } from './client.ts';
import * as kwok from './kwok.ts';
import type { ProcessSet } from './processes.ts';
import * as provision from './provision.ts';
import * as workloads from './workloads.ts';

/** Environment variable naming the state file, so worker processes can find a running server. */
export const STATE_ENV = 'PIPEOPS_TEST_KUBE_STATE';
export { AGENT_SA, NARROW_RULES, NARROW_SA } from './boot.ts';
export type { KubeStartOptions, KubeState, KubeTimings } from './boot.ts';
export type { KwokState } from './kwok.ts';
export type { RunningDeployment, WorkloadOptions } from './workloads.ts';

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
    const { state, processes, admin, timings } = await bootCluster(options);
    this.#processes = processes;
    this.#admin = admin;
    this.#state = state;
    try {
      const stateFile = join(state.dir, 'state.json');
      writeFileSync(stateFile, JSON.stringify(state));
      process.env[STATE_ENV] = stateFile;
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.timings = timings;
    return state;
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
    await provision.provisionServiceAccount(this.admin, { name, namespace: this.namespace, rules, clusterWide: options.clusterWide, dir, caFile: this.caFile });
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
