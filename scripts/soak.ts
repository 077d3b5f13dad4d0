// Soak run: bin/agent.js as a child process against the real test API server,
// serving a Runner played by this script with steady mixed traffic (GETs,
// watches, streamed lists, cancels) while the network is cut every ~30 s,
// alternately on the Runner link and on the API server link. Every interval it
// prints the agent's RSS (from /proc), JS heap and event-loop delay (from its
// own /metrics), and at the end the requests sent, answered and lost and the
// RSS trend. Usage: npm run soak -- --minutes 30 [--interval 15] [--cut-every 30] [--rate 20]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { FaultProxy } from '../testkit/fault-proxy.ts';
import { kube } from '../testkit/kube/harness.ts';
import { AgentProcess } from '../testkit/agent-process.ts';
import { Peer } from '../testkit/runner-peer/server.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    interval: { type: 'string', default: '15' },
    'cut-every': { type: 'string', default: '30' },
    rate: { type: 'string', default: '20' },
  },
});
const MINUTES = Number(args.minutes);
const INTERVAL_S = Number(args.interval);
const CUT_EVERY_S = Number(args['cut-every']);
const RATE = Number(args.rate);
const WATCHES = 20;
const RUNNER_TOKEN = 'soak-runner-token';

interface Pending {
  kind: 'get' | 'list' | 'watch' | 'cancel';
  streamId?: string;
}

const stats = { sent: 0, answered: 0, lost: 0, errors: 0, cuts: 0, connections: 0, events: 0 };
const pending = new Map<string, Pending>();
let seq = 0;

function log(line: string): void {
  process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

// ---- the Runner -----------------------------------------------------------

// The Runner-side test peer, keeping no frame history; it routes each answer to its request.
const runner = new Peer({ token: RUNNER_TOKEN, mode: 'routing', onConnection: () => void stats.connections++ });

/** Terminal frames that matched no open request, on every connection so far: answers that came twice. */
function duplicates(): number {
  return runner.connections.reduce((n, c) => n + c.strayTerminals, 0);
}

function send(kind: Pending['kind'], frame: Record<string, unknown>): void {
  const conn = runner.open.at(-1);
  if (!conn) return;
  const id = `${kind}-${++seq}`;
  const p: Pending = { kind };
  pending.set(id, p);
  stats.sent++;
  const request = { id, ...frame } as Parameters<typeof conn.call>[0];
  void conn
    .call(request, {
      onStart: (_status, f) => {
        if (kind === 'watch') p.streamId = f.stream_id;
      },
      onChunk: () => {
        if (kind === 'watch') stats.events++;
      },
    })
    .then((o) => {
      pending.delete(id);
      // Requests of a dead socket are lost with it; nobody is left to answer them.
      if (o.lost) return void stats.lost++;
      stats.answered++;
      if (o.error !== undefined && kind !== 'watch' && kind !== 'list') stats.errors++;
      else if (o.status >= 500) stats.errors++;
    });
}

// ---- traffic ---------------------------------------------------------------

function openWatches(): number {
  let n = 0;
  for (const p of pending.values()) if (p.kind === 'watch') n++;
  return n;
}

async function traffic(until: number): Promise<void> {
  const ns = kube.namespace;
  let tick = 0;
  while (performance.now() < until) {
    tick++;
    const r = tick % 10;
    if (r < 6) send('get', { method: 'GET', path: '/version' });
    else if (r < 8) send('get', { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: { limit: ['5'] } });
    else if (r === 8) send('get', { method: 'GET', path: `/api/v1/namespaces/${ns}/pods/does-not-exist` });
    else send('list', { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, stream: true });
    if (tick % Math.max(1, RATE) === 0) {
      // Once a second: keep WATCHES open, and cancel one so watches churn.
      while (openWatches() < WATCHES && runner.open.length > 0) send('watch', { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: { watch: ['true'] }, stream: true });
      const victim = [...pending.entries()].find(([, p]) => p.kind === 'watch' && p.streamId !== undefined);
      if (victim) send('cancel', { method: 'CANCEL', stream_id: victim[1].streamId });
    }
    await delay(1000 / RATE);
  }
}

async function churn(until: number): Promise<void> {
  const ns = kube.namespace;
  for (let i = 0; i < 5; i++) {
    await kube.adminRequest('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `soak-${i}` } }).catch(() => undefined);
  }
  for (let i = 0; performance.now() < until; i++) {
    const name = `soak-${i % 5}`;
    await kube.adminRequest('PUT', `/api/v1/namespaces/${ns}/configmaps/${name}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } }).catch(() => undefined);
    await delay(1000);
  }
}

// ---- measurements ------------------------------------------------------------

interface Sample {
  minute: number;
  rssMb: number;
  heapMb: number;
  loopP99Ms: number;
}

async function sample(agent: AgentProcess, started: number): Promise<Sample> {
  const { rssBytes } = agent.sample();
  const metrics = await agent.metrics();
  return {
    minute: (performance.now() - started) / 60_000,
    rssMb: rssBytes / (1024 * 1024),
    heapMb: (metrics.get('nodejs_heap_size_used_bytes') ?? Number.NaN) / (1024 * 1024),
    loopP99Ms: (metrics.get('pipeops_agent_event_loop_delay_seconds{quantile="0.99"}') ?? Number.NaN) * 1000,
  };
}

/** Least-squares slope of RSS over time, MB per minute. */
function slope(samples: Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, p) => s + p.minute, 0) / n;
  const my = samples.reduce((s, p) => s + p.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.minute - mx) * (p.rssMb - my);
    den += (p.minute - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

// ---- the run -----------------------------------------------------------------

async function main(): Promise<void> {
  await kube.start();
  log(`API server ${kube.server}; ${MINUTES} min, ${RATE} req/s, ${WATCHES} watches, a cut every ${CUT_EVERY_S}s`);
  await runner.listen();
  const runnerLink = await new FaultProxy('127.0.0.1', runner.port).listen();
  const apiLink = await new FaultProxy(kube.host, kube.port).listen();
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-soak-'));
  const configFile = join(dir, 'agent.yaml');
  writeFileSync(configFile, stringify({
    agent: { state_store: 'file', state_file: join(dir, 'state.json') },
    pipeops: { ping_interval: '5s', reconnect: { interval: '200ms', max_interval: '2s' } },
    runners: [{ url: `ws://127.0.0.1:${runnerLink.port}/ws/runner`, token: RUNNER_TOKEN, name: 'soak' }],
    logging: { level: 'warn' },
  }));
  const agentEnv = { ...kube.agentEnv(), KUBERNETES_SERVICE_PORT: String(apiLink.port) };
  const agent = await AgentProcess.start({ name: 'soak', dir, configFile, kubeEnv: agentEnv });

  const stop = async (): Promise<void> => {
    await agent.stop();
    await runner.close();
    await runnerLink.close();
    await apiLink.close();
    rmSync(dir, { recursive: true, force: true });
    await kube.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  try {
    await runner.connection(30_000).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}:\n${agent.logTail()}`);
    });
    const started = performance.now();
    const until = started + MINUTES * 60_000;
    const samples: Sample[] = [await sample(agent, started)];
    log(`start: RSS ${samples[0].rssMb.toFixed(1)} MB, JS heap ${samples[0].heapMb.toFixed(1)} MB`);

    const faults = (async () => {
      for (let i = 0; performance.now() < until; i++) {
        await delay(CUT_EVERY_S * 1000 * (0.75 + Math.random() * 0.5));
        if (performance.now() >= until) break;
        stats.cuts++;
        if (i % 2 === 0) runnerLink.cut();
        else apiLink.cut();
      }
    })();
    const meter = (async () => {
      while (performance.now() < until) {
        await delay(INTERVAL_S * 1000);
        if (!agent.child.running) throw new Error(`the agent exited:\n${agent.logTail()}`);
        const s = await sample(agent, started);
        samples.push(s);
        log(
          `${s.minute.toFixed(1)} min: RSS ${s.rssMb.toFixed(1)} MB, JS heap ${s.heapMb.toFixed(1)} MB, event-loop p99 ${s.loopP99Ms.toFixed(1)} ms | ` +
            `sent ${stats.sent}, answered ${stats.answered}, lost ${stats.lost}, pending ${pending.size}, cuts ${stats.cuts}, connections ${stats.connections}`,
        );
      }
    })();
    await Promise.all([traffic(until), churn(until), faults, meter]);

    // Wind down: cancel the open watches and give every answer time to arrive.
    for (const [, p] of pending) if (p.kind === 'watch' && p.streamId !== undefined) send('cancel', { method: 'CANCEL', stream_id: p.streamId });
    const drain = performance.now() + 15_000;
    while (pending.size > 0 && performance.now() < drain) await delay(100);
    const last = await sample(agent, started);
    samples.push(last);
    const steady = samples.filter((s) => s.minute >= Math.min(1, MINUTES / 3));
    log('summary:');
    log(`  requests sent ${stats.sent}, answered ${stats.answered}, lost with their socket ${stats.lost}, unanswered ${pending.size}, answered twice ${duplicates()}`);
    log(`  agent-side errors (5xx or error outside streams) ${stats.errors}; watch events received ${stats.events}`);
    log(`  cuts ${stats.cuts}, Runner connections ${stats.connections}`);
    log(`  RSS start ${samples[0].rssMb.toFixed(1)} MB, end ${last.rssMb.toFixed(1)} MB, max ${Math.max(...samples.map((s) => s.rssMb)).toFixed(1)} MB; trend after warm-up ${slope(steady).toFixed(3)} MB/min`);
    log(`  JS heap start ${samples[0].heapMb.toFixed(1)} MB, end ${last.heapMb.toFixed(1)} MB; event-loop p99 max ${Math.max(...samples.map((s) => s.loopP99Ms)).toFixed(1)} ms`);
    if (duplicates() > 0 || pending.size > 0) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
