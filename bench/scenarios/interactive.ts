// Upgraded streams (protocol v2) measured as an operator uses them: the
// unmodified kubectl, through the reference Runner's kubectl gateway and the
// agent process, against the same kubectl straight at the API server, in one
// run. Port-forward throughput both ways to a kwok pod (whose port leads to
// the harness's pod-target server), and the round trip of one byte through an
// interactive exec (`cat` echoes it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startKubectlGateway } from '../../examples/reference/kubectl-gateway.ts';
import { silentLogger } from '../../examples/reference/log.ts';
import { startRunner } from '../../examples/reference/runner.ts';
import { writeGatewayKubeconfig } from '../../testkit/kubectl.ts';
import { kube } from '../../testkit/kube/harness.ts';
import type { AgentProcess } from '../../testkit/agent-process.ts';
import { BENCH_AGENT_GRACE_MS, startBenchAgent } from '../lib/bench-agent.ts';
import { MB } from '../lib/measure.ts';
import { round, summarize } from '../lib/stats.ts';
import { check, type RunSettings, type ScenarioResult } from '../lib/types.ts';

/** A marker in the echo command's arguments, so what kwok leaves behind can be ended. */
const ECHO = ['sh', '-c', 'cat; : pipeops-bench-echo'];

export async function interactiveScenario(s: RunSettings): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-bench-interactive-'));
  const token = randomBytes(16).toString('hex');
  const runner = await startRunner({ token, logger: silentLogger });
  let agent: AgentProcess | undefined;
  const kubectls: ChildProcess[] = [];
  try {
    agent = await startBenchAgent({ name: 'interactive', dir: join(dir, 'agent'), runnerUrl: runner.url, runnerToken: token, kubeEnv: kube.agentEnv(), compression: true });
    const hello = await runner.waitForAgent({ timeoutMs: 60_000 });
    const gateway = await startKubectlGateway({ runner, target: { agentId: hello.agentId }, logger: silentLogger });
    const tunnel = writeGatewayKubeconfig(join(dir, 'tunnel.kubeconfig'), gateway.url, kube.namespace);
    const pod = (await kube.runDeployment('bench-interactive', 1)).pods[0] ?? '';
    const size = (s.smoke ? 20 : 100) * MB;
    const sides = [['tunnel', tunnel], ['direct', kube.adminKubeconfig]] as const;
    const kubectl = (args: string[], kubeconfig: string): ChildProcess => {
      const child = spawn(kube.kubectlPath, args, { env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] });
      kubectls.push(child);
      return child;
    };

    const forward: Record<string, { down: number; up: number }> = {};
    for (const [side, kubeconfig] of sides) {
      const pf = kubectl(['port-forward', `pod/${pod}`, ':80'], kubeconfig);
      const port = await forwardedPort(pf);
      await http(port, 'GET', '/');
      const down: number[] = [];
      const up: number[] = [];
      const body = randomBytes(size);
      for (let rep = 0; rep < Math.max(1, Math.min(s.reps, 3)); rep++) {
        let t0 = performance.now();
        await http(port, 'GET', `/bytes?n=${size}`);
        down.push(size / MB / ((performance.now() - t0) / 1000));
        t0 = performance.now();
        await http(port, 'POST', '/sha256', body);
        up.push(size / MB / ((performance.now() - t0) / 1000));
      }
      forward[side] = { down: summarize(down).p50, up: summarize(up).p50 };
      pf.kill('SIGINT');
    }

    const echo: Record<string, ReturnType<typeof summarize>> = {};
    const trips = s.smoke ? 50 : 300;
    for (const [side, kubeconfig] of sides) {
      const ex = kubectl(['exec', '-i', pod, '--', ...ECHO], kubeconfig);
      const times: number[] = [];
      const readByte = byteReader(ex);
      for (let i = 0; i < trips + 10; i++) {
        const t0 = performance.now();
        ex.stdin?.write('x');
        await readByte();
        if (i >= 10) times.push(performance.now() - t0);
      }
      echo[side] = summarize(times);
      ex.kill('SIGKILL');
      spawnSync('pkill', ['-f', 'pipeops-bench-echo']);
    }
    await gateway.close();

    const title = 'upgraded streams: port-forward and exec (kubectl, real API server, kwok pod)';
    const t = forward.tunnel ?? { down: 0, up: 0 };
    const d = forward.direct ?? { down: 0, up: 0 };
    const et = echo.tunnel;
    const ed = echo.direct;
    const addedP50 = (et?.p50 ?? 0) - (ed?.p50 ?? 0);
    const addedP99 = (et?.p99 ?? 0) - (ed?.p99 ?? 0);
    return {
      id: 'interactive-kube',
      title,
      checks: [
        check({ scenario: title, metric: `port-forward download ${size / MB} MB, MB/s`, tunnel: round(t.down), direct: round(d.down), value: round(t.down / d.down), unit: '×', target: '≥ 0.7×', limit: 0.7, ratio: true }, t.down / d.down >= 0.7),
        check({ scenario: title, metric: `port-forward upload ${size / MB} MB, MB/s`, tunnel: round(t.up), direct: round(d.up), value: round(t.up / d.up), unit: '×', target: '≥ 0.7×', limit: 0.7, ratio: true }, t.up / d.up >= 0.7),
        check({ scenario: title, metric: 'exec 1-byte echo, added p50 (ms)', tunnel: round(et?.p50 ?? 0), direct: round(ed?.p50 ?? 0), value: round(addedP50), unit: 'ms', target: '≤ 1 ms', limit: 1 }, addedP50 <= 1),
        check({ scenario: title, metric: 'exec 1-byte echo, added p99 (ms)', tunnel: round(et?.p99 ?? 0), direct: round(ed?.p99 ?? 0), value: round(addedP99), unit: 'ms', target: '≤ 3 ms', limit: 3 }, addedP99 <= 3),
      ],
      details: { bytes: size, forward, echo, trips },
    };
  } finally {
    for (const k of kubectls) k.kill('SIGKILL');
    spawnSync('pkill', ['-f', 'pipeops-bench-echo']);
    await agent?.stop(BENCH_AGENT_GRACE_MS);
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function forwardedPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`kubectl port-forward exited (${code})`)));
  });
}

/** Resolves once per byte the child writes to stdout. */
function byteReader(child: ChildProcess): () => Promise<void> {
  let pending = 0;
  let waiter: (() => void) | undefined;
  child.stdout?.on('data', (b: Buffer) => {
    pending += b.length;
    const w = waiter;
    waiter = undefined;
    w?.();
  });
  return async () => {
    while (pending === 0) await new Promise<void>((resolve) => (waiter = resolve));
    pending--;
  };
}

function http(port: number, method: string, path: string, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve());
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
