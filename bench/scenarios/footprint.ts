// Footprint: the agent as a user starts it (bin/agent.js, a config file, one
// static Runner), in both credential modes, against the canned upstream. Per
// run: time from spawn to /ready answering 200 (the upstream and the Runner
// already answer), RSS after sitting idle, and the cost of one `health` probe
// (the manifests' exec probe: a whole start of Node) as /usr/bin/time reports
// it. RSS, not CPU time, is what the targets weigh most: the machine is shared.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { AgentProcess } from '../../testkit/agent-process.ts';
import { BENCH_AGENT_GRACE_MS, benchConfigFile, startBenchAgent } from '../lib/bench-agent.ts';
import type { Peer } from '../../testkit/runner-peer/server.ts';
import type { CannedUpstream } from '../lib/canned-upstream.ts';
import { round } from '../lib/stats.ts';
import { check, type Check, type RunSettings, type ScenarioResult } from '../lib/types.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const MIB = 1024 * 1024;
const run = promisify(execFile);

export interface FootprintOptions {
  canned: CannedUpstream;
  runner: Peer;
  runnerToken: string;
  dir: string;
}

type Mode = 'service-account' | 'kubeconfig';

interface Sample {
  readyMs: number;
  idleRssMiB: number;
  probeCpuMs: number;
  probePeakMiB: number;
}

function writeKubeconfig(o: FootprintOptions): string {
  const file = join(o.dir, 'kubeconfig');
  const kc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'bench',
    clusters: [{ name: 'canned', cluster: { server: o.canned.origin, 'certificate-authority': join(o.canned.saDir, 'ca.crt') } }],
    users: [{ name: 'bench', user: { token: o.canned.token } }],
    contexts: [{ name: 'bench', context: { cluster: 'canned', user: 'bench', namespace: 'pipeops-bench' } }],
  };
  writeFileSync(file, JSON.stringify(kc), { mode: 0o600 });
  return file;
}

/** One `pipeops-agent health` as the probe runs it: peak RSS and user+system CPU from /usr/bin/time. */
async function probe(agent: AgentProcess, config: string): Promise<{ cpuMs: number; peakMiB: number }> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'FOOTPRINT %M %U %S', NODE, 'bin/agent.js', 'health', '--config', config], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PIPEOPS_AGENT_PORT: String(agent.port) },
  });
  const m = /FOOTPRINT (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  if (!m) throw new Error(`no figures from /usr/bin/time: ${stderr}`);
  return { peakMiB: Number(m[1]) / 1024, cpuMs: (Number(m[2]) + Number(m[3])) * 1000 };
}

async function once(o: FootprintOptions, mode: Mode, rep: number, idleMs: number): Promise<Sample> {
  const started = performance.now();
  const agent = await startBenchAgent({
    name: `footprint-${mode}-${rep}`,
    dir: join(o.dir, `${mode}-${rep}`),
    runnerUrl: o.runner.url,
    runnerToken: o.runnerToken,
    kubeEnv: o.canned.agentEnv(),
    compression: true,
    fileState: true,
    ...(mode === 'kubeconfig' ? { kubeconfig: writeKubeconfig(o) } : {}),
  });
  try {
    await agent.waitReady(60_000, 10);
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, idleMs));
    const idleRssMiB = agent.sample().rssBytes / MIB;
    const p = await probe(agent, benchConfigFile({ dir: join(o.dir, `${mode}-${rep}`) }));
    return { readyMs, idleRssMiB, probeCpuMs: p.cpuMs, probePeakMiB: p.peakMiB };
  } finally {
    await agent.stop(BENCH_AGENT_GRACE_MS);
  }
}

const range = (xs: number[]): string => `${round(Math.min(...xs))}–${round(Math.max(...xs))}`;

export async function footprintScenario(o: FootprintOptions, s: RunSettings): Promise<ScenarioResult> {
  const reps = s.smoke ? 1 : 3;
  const idleMs = s.smoke ? 3_000 : 20_000;
  const title = `footprint: idle agent and one health probe (canned upstream, idle ${idleMs / 1000} s)`;
  const checks: Check[] = [];
  const details: Record<string, Sample[]> = {};
  for (const mode of ['service-account', 'kubeconfig'] as const) {
    const samples: Sample[] = [];
    for (let rep = 0; rep < reps; rep++) samples.push(await once(o, mode, rep, idleMs));
    details[mode] = samples;
    const idle = Math.max(...samples.map((x) => x.idleRssMiB));
    const ready = Math.max(...samples.map((x) => x.readyMs));
    checks.push(
      check({ scenario: title, metric: `idle RSS, ${mode} (MiB, range ${range(samples.map((x) => x.idleRssMiB))})`, value: round(idle), unit: 'MiB', target: '≤ 60 MiB', limit: 60 }, idle <= 60),
      check({ scenario: title, metric: `spawn → /ready, ${mode} (ms, range ${range(samples.map((x) => x.readyMs))})`, value: round(ready), unit: 'ms', target: '≤ 500 ms', limit: 500 }, ready <= 500),
    );
  }
  const probes = Object.values(details).flat();
  const probePeak = Math.max(...probes.map((x) => x.probePeakMiB));
  const probeCpu = Math.max(...probes.map((x) => x.probeCpuMs));
  checks.push(
    check({ scenario: title, metric: `health probe peak RSS (MiB, range ${range(probes.map((x) => x.probePeakMiB))})`, value: round(probePeak), unit: 'MiB', target: '≤ 50 MiB', limit: 50 }, probePeak <= 50),
    check({ scenario: title, metric: `health probe CPU (ms, range ${range(probes.map((x) => x.probeCpuMs))})`, value: round(probeCpu), unit: 'ms', target: '≤ 100 ms', limit: 100 }, probeCpu <= 100),
  );
  for (const c of checks) process.stderr.write(`[bench] footprint ${c.metric}: ${c.value} ${c.unit} (target ${c.target})\n`);
  return { id: 'footprint', title, checks, details };
}
