// What the audit trail costs: small GETs with 64 in flight through two agents
// on the same upstream, one with audit.enabled writing to a file and one
// without, measured in alternating blocks in the same run.
import { tunnelGet } from '../lib/measure.ts';
import { median, round, summarize } from '../lib/stats.ts';
import { check, type Paths, type RunSettings, type ScenarioResult, where } from '../lib/types.ts';

export async function auditOverheadScenario(off: Paths, on: Paths, s: RunSettings, concurrency = 64): Promise<ScenarioResult> {
  const blockMs = s.smoke ? 1000 : 2500;
  const run = async (p: Paths, ms: number): Promise<number> => {
    const t0 = performance.now();
    const deadline = t0 + ms;
    let n = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          await tunnelGet(p, p.smallPath);
          n++;
        }
      }),
    );
    return n / ((performance.now() - t0) / 1000);
  };
  await run(off, 500);
  await run(on, 500);
  const rps = { off: [] as number[], on: [] as number[] };
  for (let rep = 0; rep < s.reps; rep++) {
    // Alternate which goes first, so drift in the machine's load hits both alike.
    const order = rep % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
    for (const side of order) rps[side].push(await run(side === 'off' ? off : on, blockMs));
  }
  const written = (await on.agent.metrics()).get('pipeops_agent_audit_records_written_total') ?? 0;
  const dropped = [...(await on.agent.metrics()).entries()].filter(([k]) => k.startsWith('pipeops_agent_audit_records_dropped_total')).reduce((a, [, v]) => a + v, 0);
  const a = median(rps.on);
  const b = median(rps.off);
  const title = `small GET, concurrency ${concurrency}, audit on vs off (${where(off)})`;
  return {
    id: `audit-overhead-${off.upstream}-${off.protocol}`,
    title,
    checks: [
      check({ scenario: title, metric: 'throughput (req/s)', tunnel: round(a), direct: round(b), value: round(a / b), unit: '×', target: '≥ 0.95×', limit: 0.95, ratio: true }, a / b >= 0.95),
      check({ scenario: title, metric: 'audit records written', value: written, unit: '', target: 'info' }, null),
      check({ scenario: title, metric: 'audit records dropped', value: dropped, unit: '', target: 'info' }, null),
    ],
    details: { blockMs, reps: s.reps, rps: { on: summarize(rps.on), off: summarize(rps.off) }, perRep: rps, note: 'tunnel = audit on, direct = audit off' },
  };
}
