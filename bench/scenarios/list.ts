// A large list with stream: true, through the tunnel and directly: MB/s of
// each, and the agent's RSS while it pumps the list (peak over its idle RSS,
// and how that peak moves as the list grows).
import { directList, MB, mbPerSecond, tunnelList } from '../lib/measure.ts';
import { median, round, summarize } from '../lib/stats.ts';
import { sampleProcess } from '../../testkit/proc.ts';
import { check, type Check, type Paths, type RunSettings, type ScenarioResult, where } from '../lib/types.ts';

export interface ListCase {
  label: string;
  path: string;
  query?: Record<string, string[]>;
}

export interface ListOptions {
  cases: ListCase[];
  /** Tunnel/direct ratio target (real API server), or undefined. */
  minRatio?: number;
  /** Absolute tunnel MB/s target (canned upstream), or undefined. */
  minMbps?: number;
  /** Check the RSS bound and its flatness across cases. */
  rss: boolean;
  /** Fewer repetitions than the run's, for long transfers. */
  maxReps?: number;
  /** The upstream's own processes (the test cluster's daemons): their CPU per MB is reported for both paths. */
  upstreamPids?: number[];
}

/** CPU time, ms, of the upstream's processes (all their threads) and of this process, now. */
function cpuNow(upstreamPids: number[]): { upstream: number; bench: number } {
  let upstream = 0;
  for (const pid of upstreamPids) {
    try {
      upstream += sampleProcess(pid).cpuMs;
    } catch {
      // gone: the list fails on its own
    }
  }
  const u = process.cpuUsage();
  return { upstream, bench: (u.user + u.system) / 1000 };
}

const MIB = 1024 * 1024;
const RSS_HEADROOM = 32 * MIB;
/** "Flat": the peak may grow by at most this much from the smallest list to the largest. */
const RSS_FLAT = 8 * MIB;

export async function listScenario(p: Paths, s: RunSettings, o: ListOptions): Promise<ScenarioResult> {
  const mode = p.compression ? 'deflate' : 'no deflate';
  const id = `list-${p.upstream}-${p.protocol}-${p.compression ? 'deflate' : 'plain'}`;
  const title = `list, stream: true (${where(p)}, ${mode})`;
  const reps = Math.min(s.reps, o.maxReps ?? s.reps);
  const idle = p.agent.sample().rssBytes;
  const checks: Check[] = [];
  const rows: Record<string, unknown>[] = [];
  const peaks: number[] = [];
  for (const c of o.cases) {
    const directPath = c.path + (c.query ? `?${new URLSearchParams(Object.entries(c.query).map(([k, v]): [string, string] => [k, v[0]])).toString()}` : '');
    await tunnelList(p, c.path, c.query);
    await directList(p, directPath);
    const mbps = { tunnel: [] as number[], direct: [] as number[] };
    let peak = 0;
    let bytes = 0;
    let cpuMs = 0;
    const pids = o.upstreamPids ?? [];
    const cpu = { tunnel: { upstream: 0, bench: 0, ms: 0 }, direct: { upstream: 0, bench: 0, ms: 0 } };
    const timed = async <T>(side: 'tunnel' | 'direct', run: () => Promise<T>): Promise<T> => {
      const before = cpuNow(pids);
      const t0 = performance.now();
      const out = await run();
      const after = cpuNow(pids);
      cpu[side].upstream += after.upstream - before.upstream;
      cpu[side].bench += after.bench - before.bench;
      cpu[side].ms += performance.now() - t0;
      return out;
    };
    for (let rep = 0; rep < reps; rep++) {
      const mon = p.agent.monitor(20);
      const t = await timed('tunnel', () => tunnelList(p, c.path, c.query));
      const m = mon.stop();
      peak = Math.max(peak, m.peakRssBytes);
      cpuMs += m.cpuMs;
      bytes = t.bytes;
      mbps.tunnel.push(mbPerSecond(t));
      mbps.direct.push(mbPerSecond(await timed('direct', () => directList(p, directPath))));
    }
    peaks.push(peak);
    const t = median(mbps.tunnel);
    const d = median(mbps.direct);
    const name = `${title} ${c.label}`;
    if (o.minRatio !== undefined) {
      checks.push(check({ scenario: name, metric: 'throughput (MB/s)', tunnel: round(t), direct: round(d), value: round(t / d), unit: '×', target: `≥ ${o.minRatio}×`, limit: o.minRatio, ratio: true }, t / d >= o.minRatio));
    }
    if (o.minMbps !== undefined) {
      checks.push(check({ scenario: name, metric: 'tunnel throughput (MB/s)', tunnel: round(t), direct: round(d), value: round(t), unit: 'MB/s', target: `≥ ${o.minMbps} MB/s`, limit: o.minMbps }, t >= o.minMbps));
    }
    if (o.rss) {
      const over = peak - idle;
      checks.push(check({ scenario: name, metric: 'agent peak RSS over idle (MiB)', value: round(over / MIB), unit: 'MiB', target: `≤ ${RSS_HEADROOM / MIB} MiB`, limit: RSS_HEADROOM / MIB }, over <= RSS_HEADROOM));
    }
    const perMb = (ms: number): number => round(ms / reps / (bytes / MB));
    checks.push(check({ scenario: name, metric: 'agent CPU per MB (ms)', value: perMb(cpuMs), unit: 'ms', target: 'info' }, null));
    if (pids.length > 0) {
      // What each MB costs the whole machine on each path, and how busy its 2 cores were: tunnel = upstream + agent + bench (Runner), direct = upstream + bench (client).
      const machine = { tunnel: cpu.tunnel.upstream + cpuMs + cpu.tunnel.bench, direct: cpu.direct.upstream + cpu.direct.bench };
      checks.push(check({ scenario: name, metric: 'upstream CPU per MB (ms)', tunnel: perMb(cpu.tunnel.upstream), direct: perMb(cpu.direct.upstream), value: perMb(cpu.direct.upstream), unit: 'ms', target: 'info', note: "the test cluster's daemons: kube-apiserver, etcd and the rest" }, null));
      checks.push(check({ scenario: name, metric: 'CPU per MB, all processes (ms)', tunnel: perMb(machine.tunnel), direct: perMb(machine.direct), value: round(perMb(machine.direct) / perMb(machine.tunnel)), unit: '×', target: 'info', note: 'value: direct / tunnel, the ratio a CPU-bound machine allows' }, null));
      checks.push(check({ scenario: name, metric: 'CPU busy while listing (cores)', tunnel: round(machine.tunnel / cpu.tunnel.ms), direct: round(machine.direct / cpu.direct.ms), value: round(machine.tunnel / cpu.tunnel.ms), unit: 'cores', target: 'info' }, null));
    }
    rows.push({ case: c.label, bytes, mbps: { tunnel: summarize(mbps.tunnel), direct: summarize(mbps.direct) }, peakRssBytes: peak, agentCpuMsPerRep: cpuMs / reps, cpuMs: cpu });
  }
  if (o.rss && peaks.length > 1) {
    const growth = Math.max(...peaks) - peaks[0];
    checks.push(check({ scenario: `${title} ${o.cases[0].label} → ${o.cases.at(-1)!.label}`, metric: 'peak RSS growth (MiB)', value: round(growth / MIB), unit: 'MiB', target: `≤ ${RSS_FLAT / MIB} MiB (flat)`, limit: RSS_FLAT / MIB }, growth <= RSS_FLAT));
  }
  return { id, title, checks, details: { compression: p.compression, idleRssBytes: idle, cases: rows, reps } };
}
