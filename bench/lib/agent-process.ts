// The agent under test, run as its own process the way an operator runs it
// (bin/agent.js with a config file naming one static Runner), and sampled
// from the outside: CPU time from /proc/<pid>/stat, RSS from
// /proc/<pid>/status, and the agent's own /metrics in Prometheus text.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../testkit/kube/processes.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const CLK_TCK = 100;

export interface AgentProcessOptions {
  name: string;
  dir: string;
  runnerUrl: string;
  runnerToken: string;
  /** KUBERNETES_SERVICE_HOST/PORT and PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR. */
  kubeEnv: Record<string, string>;
  compression: boolean;
  /** Write a V8 CPU profile into this directory when the agent exits. */
  cpuProfDir?: string;
  /** Use the file state store (an upstream without ConfigMaps). */
  fileState?: boolean;
  /** Turn the audit trail on, writing to this file. */
  auditFile?: string;
  /** Authenticate with this kubeconfig instead of the service-account files of kubeEnv. */
  kubeconfig?: string;
}

export interface ProcSample {
  /** utime + stime, ms. */
  cpuMs: number;
  rssBytes: number;
}

export class AgentProcess {
  readonly options: AgentProcessOptions;
  #child: ChildProcess | undefined;
  #port = 0;
  #exited: Promise<number | null> | undefined;

  constructor(options: AgentProcessOptions) {
    this.options = options;
  }

  get pid(): number {
    return this.#child?.pid ?? 0;
  }

  get port(): number {
    return this.#port;
  }

  get metricsUrl(): string {
    return `http://127.0.0.1:${this.#port}/metrics`;
  }

  async start(): Promise<void> {
    const o = this.options;
    mkdirSync(o.dir, { recursive: true });
    this.#port = await freePort();
    const config = join(o.dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `agent:`,
        `  name: bench-${o.name}`,
        `  host: 127.0.0.1`,
        ...(o.fileState ? [`  state_store: file`, `  state_file: ${JSON.stringify(join(o.dir, 'state.json'))}`] : []),
        ...(o.kubeconfig ? [`kubernetes:`, `  in_cluster: false`, `  kubeconfig: ${JSON.stringify(o.kubeconfig)}`] : []),
        `pipeops:`,
        `  compression: ${o.compression}`,
        `runners:`,
        `  - url: ${JSON.stringify(o.runnerUrl)}`,
        `    name: bench`,
        `    token: ${JSON.stringify(o.runnerToken)}`,
        `proxy:`,
        // The bench measures the agent, not its limits: no rate limit in practice, room for 1,000 watches.
        `  rate_limit:`,
        `    requests_per_second: 1000000`,
        `    burst: 1000000`,
        `  max_concurrent_streams: 2048`,
        `  max_concurrent_requests: 1024`,
        ...(o.auditFile ? [`audit:`, `  enabled: true`, `  output: ${JSON.stringify(o.auditFile)}`] : []),
        `logging:`,
        `  level: warn`,
        `  output: ${JSON.stringify(join(o.dir, 'agent.log'))}`,
        ``,
      ].join('\n'),
      { mode: 0o600 },
    );
    const env: NodeJS.ProcessEnv = { ...process.env, ...(o.kubeconfig ? {} : o.kubeEnv), PIPEOPS_AGENT_PORT: String(this.#port) };
    if (o.kubeconfig) delete env.KUBERNETES_SERVICE_HOST;
    delete env.NODE_OPTIONS;
    if (o.cpuProfDir) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${o.cpuProfDir}`;
    const out = openSync(join(o.dir, 'stdio.log'), 'a');
    const child = spawn(NODE, ['bin/agent.js', '--config', config], { cwd: ROOT, env, stdio: ['ignore', out, out] });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** CPU time and RSS now. */
  sample(): ProcSample {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { cpuMs: (ticks * 1000) / CLK_TCK, rssBytes: Number(rss?.[1] ?? 0) * 1024 };
  }

  /** Samples RSS every `everyMs` until stopped; reports the peak and the CPU time used. */
  monitor(everyMs = 50): { stop(): { cpuMs: number; peakRssBytes: number; startRssBytes: number; endRssBytes: number } } {
    const first = this.sample();
    let peak = first.rssBytes;
    let last = first;
    const t = setInterval(() => {
      try {
        last = this.sample();
        peak = Math.max(peak, last.rssBytes);
      } catch {
        // the process is gone; the scenario will fail on its own
      }
    }, everyMs);
    return {
      stop: () => {
        clearInterval(t);
        try {
          last = this.sample();
          peak = Math.max(peak, last.rssBytes);
        } catch {
          // keep the last sample
        }
        return { cpuMs: last.cpuMs - first.cpuMs, peakRssBytes: peak, startRssBytes: first.rssBytes, endRssBytes: last.rssBytes };
      },
    };
  }

  /** The Prometheus text of /metrics as name{labels} → value. */
  async metrics(): Promise<Map<string, number>> {
    const res = await fetch(this.metricsUrl, { headers: { accept: 'text/plain' } });
    const text = await res.text();
    const out = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const sp = line.lastIndexOf(' ');
      out.set(line.slice(0, sp), Number(line.slice(sp + 1)));
    }
    return out;
  }

  /** SIGTERM and wait: the agent drains and exits (and writes its CPU profile). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.#exited;
    clearTimeout(t);
  }

  logTail(): string {
    try {
      return readFileSync(join(this.options.dir, 'agent.log'), 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  }
}
