// Many concurrent watches on one Runner socket against the canned upstream:
// the agent's memory per open stream, and the latency each event gains on its
// way through the agent. The same number of direct watches is open at the same
// time, and the upstream spreads its events over both sets, so each side sees
// the same rate under the same load; latency is receive time minus the emit
// time embedded in the event (one clock: the bench process's).
import { EMITTED_KEY, LIST_PATH, type CannedUpstream } from '../lib/canned-upstream.ts';
import { MB } from '../lib/measure.ts';
import { round, summarize } from '../lib/stats.ts';
import { check, type Paths, type RunSettings, type ScenarioResult, where } from '../lib/types.ts';
import type { Outcome } from '../../testkit/runner-peer/connection.ts';
import { eventually } from '../../testkit/eventually.ts';

const MARK = `"${EMITTED_KEY}":"`;

function emittedAt(event: Buffer | string): number {
  const s = typeof event === 'string' ? event : event.toString('latin1');
  const i = s.indexOf(MARK);
  return i === -1 ? Number.NaN : Number.parseFloat(s.slice(i + MARK.length, s.indexOf('"', i + MARK.length)));
}


export async function watchScenario(p: Paths, canned: CannedUpstream, s: RunSettings): Promise<ScenarioResult> {
  const count = s.smoke ? 100 : 1000;
  const perSecond = s.smoke ? 200 : 1000;
  const windowMs = s.smoke ? 2000 : 5000;
  const reps = s.smoke ? 1 : Math.max(3, s.reps - 2);
  const title = `${count} concurrent watches, ${perSecond} events/s (${where(p)})`;
  const conn = await p.runner.connection();
  const query = { watch: ['true'] };

  await new Promise((r) => setTimeout(r, 1000));
  const before = p.agent.sample().rssBytes;
  const heapBefore = (await p.agent.metrics()).get('nodejs_heap_size_used_bytes') ?? Number.NaN;

  let measuring: { tunnel: number[]; direct: number[] } | undefined;
  let started = 0;
  const ids: string[] = [];
  const done: Promise<Outcome>[] = [];
  for (let i = 0; i < count; i++) {
    const id = conn.newId('watch');
    ids.push(id);
    done.push(
      conn.call(
        { id, method: 'GET', path: LIST_PATH, query, stream: true, stream_id: id },
        {
          onStart: () => started++,
          onChunk: (event) => measuring?.tunnel.push(performance.now() - emittedAt(event)),
        },
      ),
    );
  }
  await eventually(() => started === count, 60_000, `${count} tunnel watches to start`);
  await new Promise((r) => setTimeout(r, 1500));
  const after = p.agent.sample().rssBytes;
  const heapAfter = (await p.agent.metrics()).get('nodejs_heap_size_used_bytes') ?? Number.NaN;

  const abort = new AbortController();
  let directStarted = 0;
  const direct = Array.from({ length: count }, () =>
    p.direct.watch(
      `${LIST_PATH}?watch=true`,
      abort.signal,
      (line) => measuring?.direct.push(performance.now() - emittedAt(line)),
      () => directStarted++,
    ),
  );
  await eventually(() => directStarted === count, 60_000, `${count} direct watches to start`);

  canned.startEvents(perSecond * 2);
  // The first events on 1,000 fresh streams are a one-off (compilation, first
  // allocations); measure the steady state, and let the agent's 10 s event-loop
  // window move past the opening of the streams.
  await new Promise((r) => setTimeout(r, s.smoke ? 1000 : 5000));
  const all = { tunnel: [] as number[], direct: [] as number[] };
  const perRep: { tunnelP99: number; directP99: number; tunnelEvents: number }[] = [];
  const mon = p.agent.monitor(200);
  for (let rep = 0; rep < reps; rep++) {
    measuring = { tunnel: [], direct: [] };
    await new Promise((r) => setTimeout(r, windowMs));
    const m = measuring;
    measuring = undefined;
    all.tunnel.push(...m.tunnel);
    all.direct.push(...m.direct);
    perRep.push({ tunnelP99: summarize(m.tunnel).p99, directP99: summarize(m.direct).p99, tunnelEvents: m.tunnel.length });
  }
  const usage = mon.stop();
  const metrics = await p.agent.metrics();
  canned.stopEvents();
  const loopP99 = metrics.get('pipeops_agent_event_loop_delay_seconds{quantile="0.99"}');
  const loopMax = metrics.get('pipeops_agent_event_loop_delay_seconds{quantile="1"}');

  for (const id of ids) conn.cancel(id);
  abort.abort();
  const outcomes = await Promise.all(done);
  await Promise.allSettled(direct);
  const cancelled = outcomes.filter((o) => o.error === 'cancelled').length;

  const t = summarize(all.tunnel);
  const d = summarize(all.direct);
  const perStream = (after - before) / count;
  const heapPerStream = (heapAfter - heapBefore) / count;
  const added = t.p99 - d.p99;
  const tunnelRate = all.tunnel.length / ((reps * windowMs) / 1000);
  return {
    id: `watches-canned-${p.protocol}`,
    title,
    checks: [
      check({ scenario: title, metric: 'agent RSS per stream (KB)', value: round(perStream / 1024), unit: 'KB', target: '≤ 20 KB', limit: 20 }, perStream <= 20 * 1024),
      check({ scenario: title, metric: 'agent JS heap per stream (KB)', value: round(heapPerStream / 1024), unit: 'KB', target: 'info' }, null),
      check({ scenario: title, metric: 'event latency p99 (ms), added = tunnel − direct', tunnel: round(t.p99), direct: round(d.p99), value: round(added), unit: 'ms', target: '≤ 5 ms', limit: 5 }, added <= 5),
      check({ scenario: title, metric: 'event latency p50 (ms), added', tunnel: round(t.p50), direct: round(d.p50), value: round(t.p50 - d.p50), unit: 'ms', target: 'info' }, null),
      loopP99 === undefined
        ? check({ scenario: title, metric: 'agent event-loop delay p99 (ms)', value: Number.NaN, unit: 'ms', target: '≤ 20 ms', note: 'not exposed by /metrics' }, null)
        : check({ scenario: title, metric: 'agent event-loop delay p99 (ms)', value: round(loopP99 * 1000), unit: 'ms', target: '≤ 20 ms', limit: 20 }, loopP99 * 1000 <= 20),
      check({ scenario: title, metric: 'agent CPU per 1,000 events (ms)', value: round((usage.cpuMs / all.tunnel.length) * 1000), unit: 'ms', target: 'info' }, null),
    ],
    details: {
      count,
      eventsPerSecondPerSide: perSecond,
      tunnelEventsPerSecond: tunnelRate,
      rssBeforeBytes: before,
      rssAfterOpenBytes: after,
      rssBeforeMB: before / MB,
      heapBeforeBytes: heapBefore,
      heapAfterOpenBytes: heapAfter,
      latencyMs: { tunnel: t, direct: d },
      perRep,
      eventLoopSeconds: { p99: loopP99, max: loopMax },
      cancelledWithDoneFrame: cancelled,
    },
  };
}
