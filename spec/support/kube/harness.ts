// A real Kubernetes API server for the integration and end-to-end tiers:
// etcd + kube-apiserver on free loopback ports with certificates made for the
// run, provisioned with a namespace and service accounts. Started once per
// mocha run by hooks.ts; specs use the `kube` singleton:
//
//   import { kube } from '../support/kube/harness.ts';
//   const res = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/pods`);
//
// A child process (the agent) gets in-cluster credentials from kube.agentEnv().
import { spawnSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { locateKubeAssets } from './assets.ts';
import { KubeClient, type KubeBody, type KubeResponse } from './client.ts';
import { createPki } from './pki.ts';
import { freePort, ProcessSet, type Daemon } from './processes.ts';
import * as provision from './provision.ts';

/** Environment variable naming the state file, so worker processes can find a running server. */
export const STATE_ENV = 'PIPEOPS_TEST_KUBE_STATE';
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
}

export interface KubeTimings {
  assetsMs: number;
  readyMs: number;
  provisionMs: number;
  totalMs: number;
}

export interface KubeStartOptions {
  namespace?: string;
  /** How long to wait for /readyz. */
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
    const t0 = performance.now();
    const assets = await locateKubeAssets();
    const t1 = performance.now();
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-kube-'));
    const processes = new ProcessSet(dir);
    this.#processes = processes;
    try {
      const [pki, etcdPort, peerPort, port] = await Promise.all([createPki(dir), freePort(), freePort(), freePort()]);
      const etcdServer = `http://127.0.0.1:${etcdPort}`;
      const peer = `http://127.0.0.1:${peerPort}`;
      const etcd = processes.spawn('etcd', assets.etcd, [
        '--name=test',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdServer}`,
        `--advertise-client-urls=${etcdServer}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=test=${peer}`,
        ...supportedFlags(assets.etcd, ['--unsafe-no-fsync']),
      ], join(dir, 'etcd.log'));
      const server = `https://127.0.0.1:${port}`;
      const admin = new KubeClient({ server, caFile: pki.caCert, certFile: pki.adminCert, keyFile: pki.adminKey });
      this.#admin = admin;
      await waitFor(etcd, options.readyTimeoutMs ?? 60_000, () => httpOk(`${etcdServer}/health`));
      const apiserver = processes.spawn('kube-apiserver', assets.kubeApiserver, [
        `--etcd-servers=${etcdServer}`,
        `--cert-dir=${join(dir, 'certs')}`,
        `--tls-cert-file=${pki.servingCert}`,
        `--tls-private-key-file=${pki.servingKey}`,
        `--client-ca-file=${pki.caCert}`,
        `--secure-port=${port}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.serviceAccountKey}`,
        `--service-account-signing-key-file=${pki.serviceAccountKey}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--allow-privileged=true',
        // No controller manager runs: without this, pods would wait for a default service account forever.
        '--disable-admission-plugins=ServiceAccount',
        '--enable-priority-and-fairness=false',
        '--endpoint-reconciler-type=none',
        '--profiling=false',
        `--audit-policy-file=${join(import.meta.dirname, 'audit-policy.yaml')}`,
        `--audit-log-path=${join(dir, 'kube-apiserver-audit.log')}`,
      ], join(dir, 'kube-apiserver.log'));
      await waitFor(apiserver, options.readyTimeoutMs ?? 60_000, async () => {
        const res = await admin.request('GET', '/readyz');
        return res.status === 200;
      });
      const t2 = performance.now();

      const namespace = options.namespace ?? 'pipeops-test';
      const state: KubeState = {
        dir,
        server,
        host: '127.0.0.1',
        port,
        caFile: pki.caCert,
        adminCertFile: pki.adminCert,
        adminKeyFile: pki.adminKey,
        adminKubeconfig: join(dir, 'admin.kubeconfig'),
        namespace,
        saDir: join(dir, 'sa', AGENT_SA),
        narrowSaDir: join(dir, 'sa', NARROW_SA),
        kubectlPath: assets.kubectl,
        etcdServer,
      };
      writeFileSync(state.adminKubeconfig, adminKubeconfig(state), { mode: 0o600 });
      await provision.createNamespace(admin, namespace);
      this.#state = state;
      await Promise.all([
        this.createServiceAccount(AGENT_SA, provision.ALL_RULES, { clusterWide: true, dir: state.saDir }),
        this.createServiceAccount(NARROW_SA, NARROW_RULES, { dir: state.narrowSaDir }),
      ]);
      const stateFile = join(dir, 'state.json');
      writeFileSync(stateFile, JSON.stringify(state));
      process.env[STATE_ENV] = stateFile;
      const t3 = performance.now();
      this.timings = { assetsMs: t1 - t0, readyMs: t2 - t1, provisionMs: t3 - t2, totalMs: t3 - t0 };
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

  /** Process ids of etcd, kube-apiserver and the clean-up watchdog started by this harness. */
  get pids(): { daemons: number[]; watchdog: number | undefined } {
    return this.#processes?.pids ?? { daemons: [], watchdog: undefined };
  }

  get state(): KubeState {
    if (this.#state !== undefined) return this.#state;
    const file = process.env[STATE_ENV];
    if (file === undefined) {
      throw new Error('the test API server is not running: run mocha with --require spec/support/kube/hooks.ts');
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

async function waitFor(daemon: Daemon, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let exited = false;
  void daemon.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (exited) {
      throw new Error(`${daemon.name} exited during start-up; last log lines:\n${daemon.logTail()}`);
    }
    try {
      if (await ready()) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      throw new Error(`${daemon.name} was not ready within ${timeoutMs} ms; last log lines:\n${daemon.logTail()}`);
    }
    await delay(100);
  }
}

/** GET without keep-alive, so no idle socket holds the event loop open after start-up. */
function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', reject);
  });
}

/** The subset of optional flags a binary knows (etcd releases differ; Debian's is older). */
function supportedFlags(binary: string, flags: string[]): string[] {
  const help = spawnSync(binary, ['--help'], { encoding: 'utf8' });
  const text = `${help.stdout}${help.stderr}`;
  return flags.filter((flag) => text.includes(flag));
}

function adminKubeconfig(state: KubeState): string {
  const b64 = (file: string): string => readFileSync(file).toString('base64');
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: state.server, 'certificate-authority-data': b64(state.caFile) } }],
    users: [
      {
        name: 'admin',
        user: { 'client-certificate-data': b64(state.adminCertFile), 'client-key-data': b64(state.adminKeyFile) },
      },
    ],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin', namespace: state.namespace } }],
    'current-context': 'test',
  }, null, 2);
}
