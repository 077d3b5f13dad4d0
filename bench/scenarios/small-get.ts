// Small GETs: latency one at a time, and throughput with 64 in flight, each
// measured through the tunnel and directly in alternating blocks.
import { directGet, tunnelGet } from '../lib/measure.ts';
import { median, round, summarize } from '../lib/stats.ts';
import { check, type Paths, type RunSettings, type ScenarioResult, where } from '../lib/types.ts';

export async function smallGetSerial(p: Paths, s: RunSettings): Promise<ScenarioResult> {
  const perBlock = s.smoke ? 50 : 300;
  const id = `small-get-c1-${p.upstream}-${p.protocol}`;
  for (let i = 0; i < 30; i++) {
    await tunnelGet(p, p.smallPath);
    await directGet(p, p.smallPath);
  }
  const all = { tunnel: [] as number[], direct: [] as number[] };
  const perRep = { tunnel: [] as { p50: number; p99: number }[], direct: [] as { p50: number; p99: number }[] };
  for (let rep = 0; rep < s.reps; rep++) {
    for (const side of ['tunnel', 'direct'] as const) {
      const block: number[] = [];
      for (let i = 0; i < perBlock; i++) block.push(side === 'tunnel' ? await tunnelGet(p, p.smallPath) : await directGet(p, p.smallPath));
      all[side].push(...block);
      const sum = summarize(block);
      perRep[side].push({ p50: sum.p50, p99: sum.p99 });
    }
  }
  const t = summarize(all.tunnel);
  const d = summarize(all.direct);
  const title = `small GET, concurrency 1 (${where(p)})`;
  const gate = p.upstream === 'kube';
  return {
    id,
    title,
    checks: [
      check({ scenario: title, metric: 'p50 latency', tunnel: round(t.p50), direct: round(d.p50), value: round(t.p50 / d.p50), unit: '×', target: '≤ 1.3×', limit: 1.3, ratio: true }, gate ? t.p50 / d.p50 <= 1.3 : null),
      check({ scenario: title, metric: 'p99 latency', tunnel: round(t.p99), direct: round(d.p99), value: round(t.p99 / d.p99), unit: '×', target: '≤ 1.5×', limit: 1.5, ratio: true }, gate ? t.p99 / d.p99 <= 1.5 : null),
      check({ scenario: title, metric: 'added p50 latency (ms)', value: round(t.p50 - d.p50), unit: 'ms', target: 'info' }, null),
    ],
    details: { unit: 'ms', requestsPerBlock: perBlock, reps: s.reps, tunnel: t, direct: d, perRep },
  };
}

export async function smallGetConcurrent(p: Paths, s: RunSettings, concurrency = 64): Promise<ScenarioResult> {
  const blockMs = s.smoke ? 1000 : 2500;
  const id = `small-get-c${concurrency}-${p.upstream}-${p.protocol}`;
  const run = async (side: 'tunnel' | 'direct', ms: number): Promise<{ n: number; seconds: number; cpuMs: number }> => {
    const mon = p.agent.monitor(200);
    const t0 = performance.now();
    const deadline = t0 + ms;
    let n = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          if (side === 'tunnel') await tunnelGet(p, p.smallPath);
          else await directGet(p, p.smallPath);
          n++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { n, seconds, cpuMs: mon.stop().cpuMs };
  };
  await run('tunnel', 500);
  await run('direct', 500);
  const rps = { tunnel: [] as number[], direct: [] as number[] };
  const cpuPerReq: number[] = [];
  const directAgentCpu: number[] = [];
  for (let rep = 0; rep < s.reps; rep++) {
    const a = await run('tunnel', blockMs);
    rps.tunnel.push(a.n / a.seconds);
    cpuPerReq.push(a.cpuMs / a.n);
    const b = await run('direct', blockMs);
    rps.direct.push(b.n / b.seconds);
    directAgentCpu.push(b.cpuMs);
  }
  const t = median(rps.tunnel);
  const d = median(rps.direct);
  const title = `small GET, concurrency ${concurrency} (${where(p)})`;
  const gate = p.upstream === 'kube';
  return {
    id,
    title,
    checks: [
      check({ scenario: title, metric: 'throughput (req/s)', tunnel: round(t), direct: round(d), value: round(t / d), unit: '×', target: '≥ 0.8×', limit: 0.8, ratio: true }, gate ? t / d >= 0.8 : null),
      check({ scenario: title, metric: 'agent CPU per request (ms)', value: round(median(cpuPerReq)), unit: 'ms', target: 'info' }, null),
    ],
    details: {
      blockMs,
      reps: s.reps,
      rps: { tunnel: summarize(rps.tunnel), direct: summarize(rps.direct) },
      agentCpuMsPerRequest: summarize(cpuPerReq),
      agentCpuMsDuringDirectBlocks: directAgentCpu,
    },
  };
}
