// Reconnect: the Runner server dies (every connection killed, the port
// closed), stays down for a while, and comes back on the same port; measured
// is the time from its return to the first request answered through the agent.
import { tunnelGet } from '../lib/measure.ts';
import { round, summarize } from '../lib/stats.ts';
import { check, type Paths, type RunSettings, type ScenarioResult, where } from '../lib/types.ts';

/** lib/tunnel/redial-backoff.ts counts a connection shorter than this as a failed attempt. */
const STABLE_MS = 10_500;

export async function reconnectScenario(p: Paths, s: RunSettings): Promise<ScenarioResult> {
  const reps = s.smoke ? 1 : 3;
  const downMs = 1000;
  const title = `reconnect after the Runner is down ${downMs / 1000} s (${where(p)})`;
  // outageMs is the real time the port was closed: a loaded machine fires the
  // bench's timer late, and the agent's redial is bounded by the outage's length.
  const samples: { outageMs: number; connectedMs: number; servingMs: number }[] = [];
  let since = performance.now();
  for (let rep = 0; rep < reps; rep++) {
    // A long-lived socket, as in production; not in smoke, to keep it short.
    if (!s.smoke) {
      const wait = STABLE_MS - (performance.now() - since);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await tunnelGet(p, p.smallPath);
    const port = p.runner.port;
    await p.runner.close();
    const down = performance.now();
    await new Promise((r) => setTimeout(r, downMs));
    await p.runner.listen(port);
    const back = performance.now();
    const conn = await p.runner.connection(60_000);
    const connectedMs = performance.now() - back;
    await conn.call({ id: conn.newId('rc'), method: 'GET', path: p.smallPath });
    const servingMs = performance.now() - back;
    since = performance.now();
    samples.push({ outageMs: back - down, connectedMs, servingMs });
  }
  const serving = summarize(samples.map((x) => x.servingMs));
  return {
    id: `reconnect-${p.upstream}-${p.protocol}`,
    title,
    checks: [
      check({ scenario: title, metric: 'server back → first request served, worst of runs (ms)', value: round(serving.max), unit: 'ms', target: '≤ 1000 ms', limit: 1000 }, serving.max <= 1000),
      check({ scenario: title, metric: 'median (ms)', value: round(serving.p50), unit: 'ms', target: 'info' }, null),
    ],
    details: { reps, downMs, samples },
  };
}
