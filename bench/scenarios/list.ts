// A large list with stream: true, through the tunnel and directly: MB/s of
// each, and the agent's RSS while it pumps the list (peak over its idle RSS,
// and how that peak moves as the list grows).
import { directList, MB, mbPerSecond, tunnelList } from '../lib/measure.ts';
import { median, round, summarize } from '../lib/stats.ts';
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
    for (let rep = 0; rep < reps; rep++) {
      const mon = p.agent.monitor(20);
      const t = await tunnelList(p, c.path, c.query);
      const m = mon.stop();
      peak = Math.max(peak, m.peakRssBytes);
      cpuMs += m.cpuMs;
      bytes = t.bytes;
      mbps.tunnel.push(mbPerSecond(t));
      mbps.direct.push(mbPerSecond(await directList(p, directPath)));
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
    checks.push(check({ scenario: name, metric: 'agent CPU per MB (ms)', value: round(cpuMs / reps / (bytes / MB)), unit: 'ms', target: 'info' }, null));
    rows.push({ case: c.label, bytes, mbps: { tunnel: summarize(mbps.tunnel), direct: summarize(mbps.direct) }, peakRssBytes: peak, agentCpuMsPerRep: cpuMs / reps });
  }
  if (o.rss && peaks.length > 1) {
    const growth = Math.max(...peaks) - peaks[0];
    checks.push(check({ scenario: `${title} ${o.cases[0].label} → ${o.cases.at(-1)!.label}`, metric: 'peak RSS growth (MiB)', value: round(growth / MIB), unit: 'MiB', target: `≤ ${RSS_FLAT / MIB} MiB (flat)`, limit: RSS_FLAT / MIB }, growth <= RSS_FLAT));
  }
  return { id, title, checks, details: { compression: p.compression, idleRssBytes: idle, cases: rows, reps } };
}
