// Runs bin/agent.js as a separate process, exactly as a user would: settings in
// PIPEOPS_* environment variables or a config file (`--config`), Kubernetes
// credentials either in-cluster style (KUBERNETES_SERVICE_HOST/PORT + a
// service-account dir) or a kubeconfig, logs in a file, readiness judged by
// its own /ready endpoint, and CPU and RSS read from /proc. The specs, the
// demo and the bench all start the agent through this class.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from './kube/processes.ts';
import { Child } from './children.ts';
import { monitorProcess, sampleProcess, type ProcSample, type ProcUsage } from './proc.ts';

export const AGENT_BIN = join(import.meta.dirname, '..', 'bin', 'agent.js');

export interface AgentProcessOptions {
  /** Control-plane base URL (pipeops.api_url); none when a config file names static Runners only. */
  apiUrl?: string;
  /** The control-plane token; passed in the environment, never on the command line. */
  token?: string;
  /**
   * A config file, passed with --config. The process then gets no settings of this class's own but its health port
   * (PIPEOPS_AGENT_PORT): the file says everything else, and `settings` still override it.
   */
  configFile?: string;
  /** NODE_OPTIONS for the agent (e.g. --cpu-prof); none by default. */
  nodeOptions?: string;
  /** Kubernetes credentials: in-cluster env (kube.agentEnv()) or { KUBECONFIG: file }. */
  kubeEnv: Record<string, string>;
  /** Where the log, the state file and nothing else go. */
  dir: string;
  name?: string;
  /** Health listener port; default: a free one. */
  port?: number;
  /** More PIPEOPS_* settings. */
  settings?: Record<string, string>;
}

export class AgentProcess {
  readonly options: AgentProcessOptions;
  readonly port: number;
  readonly name: string;
  child: Child;

  private constructor(options: AgentProcessOptions, port: number) {
    this.options = options;
    this.port = port;
    this.name = options.name ?? 'agent';
    this.child = this.#spawn();
  }

  static async start(options: AgentProcessOptions): Promise<AgentProcess> {
    return new AgentProcess(options, options.port ?? (await freePort()));
  }

  get pid(): number {
    return this.child.pid;
  }

  get healthUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return this.child.logFile;
  }

  /** Waits until GET /ready answers 200, asking every `pollMs`; fails early, with the log's tail, if the process exits. */
  async waitReady(timeoutMs = 30_000, pollMs = 100): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let last = 'no answer';
    while (performance.now() < deadline) {
      if (!this.child.running) {
        const exit = await this.child.exited;
        throw new Error(`${this.name} exited (${exit.code ?? exit.signal}) before it was ready; log:\n${this.child.logTail()}`);
      }
      try {
        const res = await fetch(`${this.healthUrl}/ready`, { signal: AbortSignal.timeout(2000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) return;
      } catch (err) {
        last = (err as Error).message;
      }
      await delay(pollMs);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms (last: ${last}); log:\n${this.child.logTail()}`);
  }

  /** Starts a new process with the same settings (and the same port) after the last one exited. */
  async restart(): Promise<void> {
    if (this.child.running) await this.child.stop();
    this.child = this.#spawn();
  }

  stop(graceMs?: number): Promise<unknown> {
    return this.child.stop(graceMs);
  }

  logTail(): string {
    return this.child.logTail();
  }

  /** CPU time and RSS now. */
  sample(): ProcSample {
    return sampleProcess(this.pid);
  }

  /** Samples RSS every `everyMs` until stopped: the peak, and the CPU time used meanwhile. */
  monitor(everyMs?: number): { stop(): ProcUsage } {
    return monitorProcess(this.pid, everyMs);
  }

  /** The Prometheus text of /metrics as name{labels} → value. */
  async metrics(): Promise<Map<string, number>> {
    const res = await fetch(`${this.healthUrl}/metrics`, { headers: { accept: 'text/plain' } });
    const out = new Map<string, number>();
    for (const line of (await res.text()).split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const sp = line.lastIndexOf(' ');
      out.set(line.slice(0, sp), Number(line.slice(sp + 1)));
    }
    return out;
  }

  #spawn(): Child {
    const o = this.options;
    const own: NodeJS.ProcessEnv = o.configFile
      ? {}
      : {
          PIPEOPS_AGENT_NAME: this.name,
          PIPEOPS_AGENT_CLUSTER_NAME: 'e2e',
          PIPEOPS_AGENT_STATE_FILE: join(o.dir, `${this.name}.state.json`),
          PIPEOPS_PIPEOPS_RECONNECT_INTERVAL: '100ms',
          PIPEOPS_PIPEOPS_RECONNECT_MAX_INTERVAL: '1s',
          PIPEOPS_LOGGING_LEVEL: 'info',
        };
    const env: NodeJS.ProcessEnv = {
      ...inheritedEnv(),
      ...o.kubeEnv,
      ...(o.apiUrl !== undefined ? { PIPEOPS_PIPEOPS_API_URL: o.apiUrl } : {}),
      ...(o.token !== undefined ? { PIPEOPS_PIPEOPS_TOKEN: o.token } : {}),
      ...(o.nodeOptions !== undefined ? { NODE_OPTIONS: o.nodeOptions } : {}),
      PIPEOPS_AGENT_PORT: String(this.port),
      ...own,
      ...o.settings,
    };
    const args = o.configFile ? [AGENT_BIN, '--config', o.configFile] : [AGENT_BIN];
    return new Child(this.name, process.execPath, args, { env, logFile: join(o.dir, `${this.name}.log`), parentDir: o.dir });
  }
}

/** The parent's environment minus anything that would configure the agent or pick a cluster behind our back. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('PIPEOPS_') || key.startsWith('KUBERNETES_') || key === 'KUBECONFIG') continue;
    if (key === 'CREDENTIALS_DIRECTORY' || key === 'STATE_DIRECTORY' || key.startsWith('NODE_')) continue;
    env[key] = value;
  }
  return env;
}
