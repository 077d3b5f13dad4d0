// The benchmark: the agent (as its own process, dialling a Runner that lives
// in this process) against direct access to the same API server with the same
// credentials, on the real kube-apiserver of the test harness and on a canned
// upstream that answers from memory. Writes bench/results/<timestamp>.json and
// latest.{json,md,svg}, and prints the Markdown table.
//
//   npm run bench                       full run (8 to 14 minutes on 2 cores)
//   npm run bench:smoke                 short run, small sizes, no targets asserted
//   npm run bench -- --profile          agents run under --cpu-prof; top frames in the report
//   npm run bench -- --upstreams=canned skip the real API server
//   npm run bench -- --protocols=v2     only the v2 rows (default: v2 and v1, each scenario once per version)
//   npm run bench -- --only=list,watches --reps=3 --strict
//   npm run bench -- --only=audit --upstreams=canned   audit trail on vs off
//   npm run bench -- --only=interactive --upstreams=kube   kubectl port-forward and exec, tunnel vs direct
//   npm run bench -- --only=footprint --upstreams=canned  idle RSS, start to /ready, one health probe
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { kube } from '../testkit/kube/harness.ts';
import { FaultProxy } from '../testkit/fault-proxy.ts';
import { Peer } from '../testkit/runner-peer/server.ts';
import { SUBPROTOCOL_V1, SUBPROTOCOL_V2 } from '../lib/version.ts';
import type { AgentProcess } from '../testkit/agent-process.ts';
import { BENCH_AGENT_GRACE_MS, startBenchAgent } from './lib/bench-agent.ts';
import { CannedUpstream, LIST_PATH, SMALL_PATH } from './lib/canned-upstream.ts';
import { DirectClient } from './lib/direct-client.ts';
import { topSelfTime } from './lib/profile.ts';
import { markdown, svgChart, type BenchReport, type ProfileFrame } from './lib/report.ts';
import type { Paths, RunSettings, ScenarioResult } from './lib/types.ts';
import { footprintScenario } from './scenarios/footprint.ts';
import { headOfLineScenario, type Link } from './scenarios/head-of-line.ts';
import { listScenario } from './scenarios/list.ts';
import { reconnectScenario } from './scenarios/reconnect.ts';
import { smallGetConcurrent, smallGetSerial } from './scenarios/small-get.ts';
import { auditOverheadScenario } from './scenarios/audit-overhead.ts';
import { watchScenario } from './scenarios/watches.ts';
import { interactiveScenario } from './scenarios/interactive.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
const BENCH_NAMESPACE = 'pipeops-bench';
const RUNNER_TOKEN = randomBytes(16).toString('hex');
/** Links for head-of-line between the agent and its Runner: an edge uplink across a WAN, and a LAN. */
const LINKS: Link[] = [
  { mbPerSecond: 2, rttMs: 40 },
  { mbPerSecond: 20, rttMs: 10 },
];

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    upstreams: { type: 'string', default: 'kube,canned' },
    protocols: { type: 'string', default: 'v2,v1' },
    only: { type: 'string' },
    reps: { type: 'string' },
  },
});

const settings: RunSettings = { smoke: args.smoke, reps: Number(args.reps ?? (args.smoke ? 2 : 5)) };
const upstreams = new Set(args.upstreams.split(','));
const only = args.only ? new Set(args.only.split(',')) : undefined;
const protocols = args.protocols.split(',').map((v) => {
  if (v !== 'v1' && v !== 'v2') throw new Error(`--protocols takes v1 and/or v2, not ${JSON.stringify(v)}`);
  return v;
});
const wanted = (group: string): boolean => only === undefined || only.has(group);
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

async function main(): Promise<number> {
  const started = performance.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-bench-'));
  const profileDir = join(RESULTS, 'profiles', stamp);
  const canned = new CannedUpstream({ dir: join(dir, 'canned') });
  const agents: AgentProcess[] = [];
  const runners: Peer[] = [];
  const directs: DirectClient[] = [];
  const scenarios: ScenarioResult[] = [];
  const meta: Record<string, unknown> = {
    timestamp: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    commit: gitCommit(),
    smoke: settings.smoke,
    reps: settings.reps,
    profile: args.profile,
    protocols,
  };
  /** A Runner the agent dials, speaking only `protocol`; it keeps no frame history. */
  const newRunner = async (protocol: 'v1' | 'v2'): Promise<Peer> => {
    const runner = new Peer({
      token: RUNNER_TOKEN,
      mode: 'routing',
      protocols: [protocol === 'v2' ? SUBPROTOCOL_V2 : SUBPROTOCOL_V1],
      // Accept permessage-deflate when the agent offers it, as the reference Runner does.
      perMessageDeflate: true,
      maxPayload: 64 * 1024 * 1024,
    });
    await runner.listen();
    runners.push(runner);
    return runner;
  };

  const links: FaultProxy[] = [];
  const paths = async (upstream: 'kube' | 'canned', protocol: 'v1' | 'v2', compression: boolean, audit = false, link?: Link): Promise<Paths> => {
    const name = `${upstream}-${protocol}-${compression ? 'deflate' : 'plain'}${audit ? '-audit' : ''}${link ? `-link-${link.mbPerSecond}` : ''}`;
    const runner = await newRunner(protocol);
    let runnerUrl = runner.url;
    if (link) {
      // The agent dials the Runner through a link: the bandwidth each way, half the RTT each way.
      const proxy = await new FaultProxy('127.0.0.1', runner.port, { bytesPerSecond: link.mbPerSecond * 1024 * 1024, delayMs: link.rttMs / 2 }).listen();
      links.push(proxy);
      runnerUrl = runnerUrl.replace(`:${runner.port}/`, `:${proxy.port}/`);
    }
    const agent = await startBenchAgent({
      name,
      dir: join(dir, 'agents', name),
      runnerUrl,
      runnerToken: RUNNER_TOKEN,
      kubeEnv: upstream === 'kube' ? kube.agentEnv() : canned.agentEnv(),
      compression,
      fileState: upstream === 'canned',
      ...(audit ? { auditFile: join(dir, 'agents', name, 'audit.log') } : {}),
      ...(args.profile ? { cpuProfDir: join(profileDir, name) } : {}),
    });
    agents.push(agent);
    try {
      const conn = await runner.connection(60_000);
      if (conn.compressed !== compression) throw new Error(`${name}: permessage-deflate is ${conn.compressed ? 'on' : 'off'}, expected the opposite`);
      if (conn.protocol !== `pipeops.agent.${protocol}`) throw new Error(`${name}: the socket speaks ${conn.protocol}, expected ${protocol}`);
    } catch (err) {
      throw new Error(`${(err as Error).message}; agent log:\n${agent.logTail()}`, { cause: err });
    }
    const direct = upstream === 'kube' ? new DirectClient(kube.server, kube.saDir) : new DirectClient(canned.origin, canned.saDir);
    directs.push(direct);
    const smallPath = upstream === 'kube' ? `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps/bench-small` : SMALL_PATH;
    return { upstream, protocol, compression, agent, runner, direct, smallPath };
  };

  const run = async (label: string, fn: () => Promise<ScenarioResult>): Promise<void> => {
    const t0 = performance.now();
    log(`${label}…`);
    try {
      scenarios.push(await fn());
    } catch (err) {
      log(`${label} failed: ${(err as Error).stack ?? String(err)}`);
      scenarios.push({
        id: label,
        title: label,
        checks: [{ scenario: label, metric: 'ran', value: Number.NaN, unit: '', target: 'completes', pass: false, note: (err as Error).message.split('\n')[0] }],
        details: { error: (err as Error).message },
      });
    }
    log(`${label} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  try {
    await canned.start();
    let kubeCms = 0;
    if (upstreams.has('kube')) {
      log('starting etcd and kube-apiserver (building them first if needed)…');
      await kube.start({ namespace: BENCH_NAMESPACE });
      meta.kubeStartMs = Math.round(kube.timings?.totalMs ?? 0);
      kubeCms = await provisionKube(settings.smoke ? 6 : 55);
      meta.kubeListObjects = kubeCms;
    }

    // Each scenario runs once per protocol version; the agents of one version stop before the next starts.
    const endAgents = async (): Promise<void> => void (await Promise.allSettled(agents.splice(0).map((a) => a.stop(BENCH_AGENT_GRACE_MS))));
    for (const protocol of protocols) {
      if (!upstreams.has('kube')) break;
      const k = await paths('kube', protocol, true);
      if (wanted('small-get')) {
        await run(`small GET c1 kube ${protocol}`, () => smallGetSerial(k, settings));
        await run(`small GET c64 kube ${protocol}`, () => smallGetConcurrent(k, settings));
      }
      if (wanted('list')) {
        const kp = await paths('kube', protocol, false);
        const kubeCase = [{ label: `${kubeCms} × 900 KB`, path: `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps` }];
        const upstreamPids = kube.pids.daemons;
        await run(`list kube deflate ${protocol}`, () => listScenario(k, settings, { cases: kubeCase, minRatio: 0.7, rss: true, upstreamPids }));
        await run(`list kube plain ${protocol}`, () => listScenario(kp, settings, { cases: kubeCase, minRatio: 0.7, rss: true, upstreamPids }));
      }
      await endAgents();
    }
    // kubectl's upgraded streams exist only in v2.
    if (upstreams.has('kube') && wanted('interactive')) await run('interactive kube', () => interactiveScenario(settings));
    if (upstreams.has('canned') && wanted('footprint')) {
      const runner = await newRunner(protocols[0]);
      await run('footprint', () => footprintScenario({ canned, runner, runnerToken: RUNNER_TOKEN, dir: join(dir, 'footprint') }, settings));
    }
    for (const [i, protocol] of protocols.entries()) {
      if (!upstreams.has('canned')) break;
      const c = await paths('canned', protocol, true);
      if (wanted('small-get')) {
        await run(`small GET c1 canned ${protocol}`, () => smallGetSerial(c, settings));
        await run(`small GET c64 canned ${protocol}`, () => smallGetConcurrent(c, settings));
      }
      if (wanted('list')) {
        const sizes = settings.smoke ? [5, 10, 20] : [50, 100, 200];
        const cases = sizes.map((mb) => ({ label: `${mb} MB`, path: LIST_PATH, query: { sizeMb: [String(mb)] } }));
        await run(`list canned deflate ${protocol}`, () => listScenario(c, settings, { cases, minMbps: 150, rss: true, maxReps: 3 }));
        const cp = await paths('canned', protocol, false);
        await run(`list canned plain ${protocol}`, () => listScenario(cp, settings, { cases, minMbps: 150, rss: true, maxReps: 3 }));
      }
      // The audit trail and reconnects do not depend on the frame form: measured once, on the first version.
      if (wanted('audit') && i === 0) {
        const audited = await paths('canned', protocol, true, true);
        await run('audit overhead canned', () => auditOverheadScenario(c, audited, settings));
      }
      if (wanted('watches')) await run(`watches canned ${protocol}`, () => watchScenario(c, canned, settings));
      if (wanted('head-of-line')) {
        await run(`head-of-line canned ${protocol}`, () => headOfLineScenario(c, canned, settings));
        for (const link of LINKS) {
          const viaLink = await paths('canned', protocol, true, false, link);
          await run(`head-of-line canned ${protocol} over ${link.mbPerSecond} MB/s`, () => headOfLineScenario(viaLink, canned, settings, link));
        }
      }
      if (wanted('reconnect') && i === 0) await run('reconnect canned', () => reconnectScenario(c, settings));
      await endAgents();
    }
  } finally {
    await Promise.allSettled(agents.map((a) => a.stop(BENCH_AGENT_GRACE_MS)));
    await Promise.allSettled([...links.map((l) => l.close()), ...runners.map((r) => r.close()), ...directs.map((d) => d.close()), canned.stop(), kube.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }

  let profiles: Record<string, ProfileFrame[]> | undefined;
  if (args.profile && existsSync(profileDir)) {
    profiles = {};
    for (const name of readdirSync(profileDir)) {
      // bin/agent.js re-executes itself in place (same pid) for its heap flag, and Node writes a profile of the
      // few milliseconds before the execve too: the agent's run is the largest file.
      let largest: { path: string; size: number } | undefined;
      for (const f of readdirSync(join(profileDir, name)).filter((f) => f.endsWith('.cpuprofile'))) {
        const path = join(profileDir, name, f);
        const { size } = statSync(path);
        if (largest === undefined || size > largest.size) largest = { path, size };
      }
      if (largest !== undefined) profiles[name] = topSelfTime(largest.path);
    }
    meta.profileDir = profileDir;
  }

  meta.durationSeconds = Math.round((performance.now() - started) / 1000);
  const report: BenchReport = { meta, scenarios, ...(profiles ? { profiles } : {}) };
  mkdirSync(RESULTS, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(RESULTS, `${stamp}${settings.smoke ? '-smoke' : ''}.json`), json);
  writeFileSync(join(RESULTS, 'latest.json'), json);
  const md = markdown(report);
  writeFileSync(join(RESULTS, 'latest.md'), md);
  writeFileSync(join(RESULTS, 'latest.svg'), svgChart(report));
  process.stdout.write(md);
  log(`results in ${relativeToRoot(RESULTS)}/latest.{json,md,svg}`);

  const failedToRun = scenarios.some((s) => s.checks.some((c) => c.metric === 'ran'));
  const missed = scenarios.some((s) => s.checks.some((c) => c.pass === false));
  if (failedToRun) return 1;
  return args.strict && !settings.smoke && missed ? 1 : 0;
}

/** The bench namespace's objects: a small ConfigMap, and `count` ConfigMaps of 900 KB (the large list). */
async function provisionKube(count: number): Promise<number> {
  const ns = BENCH_NAMESPACE;
  const create = async (name: string, data: Record<string, string>): Promise<void> => {
    const res = await kube.adminRequest('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating ConfigMap ${name}: HTTP ${res.status}`);
  };
  await create('bench-small', { 'config.yaml': 'replicas: 1\nimage: nginx:1.27\n'.repeat(8) });
  log(`creating ${count} ConfigMaps of 900 KB in ${ns}…`);
  const names = Array.from({ length: count }, (_, i) => `bench-large-${String(i).padStart(3, '0')}`);
  for (let i = 0; i < names.length; i += 4) {
    await Promise.all(names.slice(i, i + 4).map((name) => create(name, { blob: randomBytes(675 * 1024).toString('base64') })));
  }
  return count;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function relativeToRoot(p: string): string {
  return p.startsWith(ROOT) ? p.slice(ROOT.length + 1) : p;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
