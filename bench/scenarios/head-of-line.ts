// Head-of-line blocking on one socket: small-GET latency through the tunnel
// on an idle socket, then while a large list is pumped again and again and
// watches receive events on the same socket, in alternating blocks. On
// loopback the list takes all the CPU there is; over a link (the agent dials
// the Runner through a proxy with a bandwidth cap and a delay, as across a
// WAN) it takes all the bandwidth, and what waits ahead of a small answer is
// the bulk the agent let into the link.
import { LIST_PATH, type CannedUpstream } from '../lib/canned-upstream.ts';
import { directGet, mbPerSecond, tunnelGet, tunnelList } from '../lib/measure.ts';
import { median, round, summarize } from '../lib/stats.ts';
import { check, type Paths, type RunSettings, type ScenarioResult, where } from '../lib/types.ts';
import type { Outcome } from '../../testkit/runner-peer/connection.ts';
import { schedStat, type SchedSample } from '../../testkit/proc.ts';

/** CPU run and run-queue wait of the agent's and this process's event loops over a block, in ms per second of wall time. */
interface Sched {
  agentRun: number;
  agentWait: number;
  benchRun: number;
  benchWait: number;
}

function schedMeter(agentPid: number): () => Sched {
  const t0 = performance.now();
  const a0 = schedStat(agentPid);
  const b0 = schedStat('self');
  return () => {
    const perSecond = 1000 / (performance.now() - t0);
    const a = schedStat(agentPid);
    const b = schedStat('self');
    const d = (x: SchedSample, y: SchedSample, k: keyof SchedSample): number => round((x[k] - y[k]) * perSecond);
    return { agentRun: d(a, a0, 'runMs'), agentWait: d(a, a0, 'waitMs'), benchRun: d(b, b0, 'runMs'), benchWait: d(b, b0, 'waitMs') };
  };
}

/** The link between the agent and the Runner, when there is one. */
export interface Link {
  /** Bandwidth each way. */
  mbPerSecond: number;
  /** Round-trip time the link adds. */
  rttMs: number;
}

export async function headOfLineScenario(p: Paths, canned: CannedUpstream, s: RunSettings, link?: Link): Promise<ScenarioResult> {
  const watches = link ? 50 : s.smoke ? 50 : 500;
  // Over a link, a list of about two seconds of the link's bandwidth, so a block ends soon after its last GET.
  const listMb = link ? Math.max(1, 2 * link.mbPerSecond) : s.smoke ? 10 : 50;
  const perBlock = s.smoke ? 100 : 250;
  const reps = link ? Math.min(s.reps, 3) : s.reps;
  const over = link ? `, over a ${link.mbPerSecond} MB/s link with ${link.rttMs} ms RTT` : '';
  const title = `small GET p99 beside a ${listMb} MB list and ${watches} watches (${where(p)}${over})`;
  const conn = await p.runner.connection();
  let started = 0;
  const ids: string[] = [];
  const done: Promise<Outcome>[] = [];
  for (let i = 0; i < watches; i++) {
    const id = conn.newId('hol-watch');
    ids.push(id);
    done.push(conn.call({ id, method: 'GET', path: LIST_PATH, query: { watch: ['true'] }, stream: true, stream_id: id }, { onStart: () => started++ }));
  }
  while (started < watches) await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < 30; i++) await tunnelGet(p, p.smallPath);

  const idle: number[] = [];
  const loaded: number[] = [];
  // The same GET made directly to the upstream, idle and beside the same tunnel load: what the machine and the
  // bench process add under that load without the agent on the GET's path.
  const directIdle: number[] = [];
  const directLoaded: number[] = [];
  const listRates: number[] = [];
  const perRep: { idleP99: number; loadedP99: number; listsDone: number; idleSched: Sched; loadedSched: Sched }[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const a: number[] = [];
    const idleMeter = schedMeter(p.agent.pid);
    for (let i = 0; i < perBlock; i++) a.push(await tunnelGet(p, p.smallPath));
    const idleSched = idleMeter();
    idle.push(...a);
    for (let i = 0; i < perBlock; i++) directIdle.push(await directGet(p, p.smallPath));

    canned.startEvents(watches);
    let stop = false;
    let lists = 0;
    const pump = (async () => {
      while (!stop) {
        const t = await tunnelList(p, LIST_PATH, { sizeMb: [String(listMb)] });
        listRates.push(mbPerSecond(t));
        lists++;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    // Bounded in time too: under load each request may take tens of ms.
    const b: number[] = [];
    const loadedMeter = schedMeter(p.agent.pid);
    const until = performance.now() + (s.smoke ? 3000 : link ? 10_000 : 8000);
    for (let i = 0; i < perBlock && performance.now() < until; i++) b.push(await tunnelGet(p, p.smallPath));
    const loadedSched = loadedMeter();
    const directUntil = performance.now() + (s.smoke ? 3000 : link ? 10_000 : 8000);
    for (let i = 0; i < perBlock && performance.now() < directUntil; i++) directLoaded.push(await directGet(p, p.smallPath));
    stop = true;
    await pump;
    canned.stopEvents();
    loaded.push(...b);
    perRep.push({ idleP99: summarize(a).p99, loadedP99: summarize(b).p99, listsDone: lists, idleSched, loadedSched });
  }
  for (const id of ids) conn.cancel(id);
  await Promise.all(done);

  const i = summarize(idle);
  const l = summarize(loaded);
  const di = summarize(directIdle);
  const dl = summarize(directLoaded);
  return {
    id: `head-of-line-canned-${p.protocol}${link ? `-link-${link.mbPerSecond}` : ''}`,
    title,
    checks: [
      check({ scenario: title, metric: 'p99 loaded / p99 idle', tunnel: round(l.p99), direct: round(i.p99), value: round(l.p99 / i.p99), unit: '×', target: '≤ 2×', limit: 2, ratio: true, note: 'tunnel column: loaded p99 ms; direct column: idle p99 ms' }, l.p99 / i.p99 <= 2),
      check({ scenario: title, metric: 'loaded: run-queue wait of the agent / of the bench, ms per s', tunnel: median(perRep.map((r) => r.loadedSched.agentWait)), direct: median(perRep.map((r) => r.loadedSched.benchWait)), value: median(perRep.map((r) => r.loadedSched.agentRun)), unit: 'ms/s run (agent)', target: 'info', note: 'event-loop threads, /proc/<pid>/schedstat: time ready to run but waiting for a CPU' }, null),
      check({ scenario: title, metric: 'p50 loaded / p50 idle', tunnel: round(l.p50), direct: round(i.p50), value: round(l.p50 / i.p50), unit: '×', target: 'info' }, null),
      check({ scenario: title, metric: 'direct GET beside the same load: p99 loaded / p99 idle', tunnel: round(dl.p99), direct: round(di.p99), value: round(dl.p99 / di.p99), unit: '×', target: 'info', note: 'the GET made directly to the upstream while the tunnel list and watches run: tunnel column loaded p99 ms, direct column idle p99 ms' }, null),
      link
        ? check({ scenario: title, metric: 'list MB/s beside the GETs / the link\'s bandwidth', tunnel: round(median(listRates)), direct: link.mbPerSecond, value: round(median(listRates) / link.mbPerSecond), unit: '×', target: 'info', note: 'median over the lists of the loaded blocks' }, null)
        : check({ scenario: title, metric: 'list MB/s beside the GETs', tunnel: round(median(listRates)), value: round(median(listRates)), unit: 'MB/s', target: 'info', note: 'median over the lists of the loaded blocks' }, null),
    ],
    details: { unit: 'ms', watches, listMb, perBlock, link, listRates, idle: i, loaded: l, directIdle: di, directLoaded: dl, perRep },
  };
}
