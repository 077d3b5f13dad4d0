// `npm run demo`: the README's one command starts everything (its own cluster
// with Ready nodes and a running sample Deployment), runs the first kubectl
// command it prints through the tunnel, and leaves nothing behind — also when
// it is stopped by a signal sent to npm, the process a user started.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kube } from '../../testkit/kube/harness.ts';
import { collect, type KubectlResult } from '../../testkit/kubectl.ts';
import { commandLine, descendants, isRunning } from '../../testkit/proc.ts';
import { eventually } from '../../testkit/eventually.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO = join(ROOT, 'scripts', 'demo.ts');

function runDemo(env: NodeJS.ProcessEnv): Promise<KubectlResult> {
  const child = spawn(process.execPath, [DEMO, '--check'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child, 120_000, 'the demo');
}

function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('PIPEOPS_') || key === 'KUBECONFIG' || key === 'DEMO_EXIT_AFTER_CHECK') delete env[key];
  }
  return env;
}

function tempDirs(stdout: string): string[] {
  return [...stdout.matchAll(/(\/\S*pipeops-(?:demo|kube)-[\w]+)/g)].map((m) => m[1] ?? '');
}

/** Resolves with stdout so far once it matches; rejects if the child exits first. */
/** Resolves with stdout once it matches; `stderr()` is what the demo has written there so far. */
function waitForOutput(child: ChildProcess, pattern: RegExp): { stdout: Promise<string>; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const printed = new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (pattern.test(stdout)) resolve(stdout);
    });
    child.once('exit', (code, signal) => reject(new Error(`the demo exited (${code ?? signal}) before printing ${pattern}:\n${stdout}\n${stderr}`)));
  });
  return { stdout: printed, stderr: () => stderr };
}

function printedPids(stdout: string): number[] {
  const agent = /agent:\s+pid (\d+)/.exec(stdout)?.[1];
  const daemons = /pids ([\d, ]+);/.exec(stdout)?.[1]?.split(', ') ?? [];
  return [agent, ...daemons].filter((p) => p !== undefined).map(Number);
}

describe('npm run demo -- --check', function () {
  it('starts its own cluster, lists Ready nodes and Running pods through the tunnel and cleans up', async function () {
    const res = await runDemo(baseEnv());
    expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
    expect(res.stderr).to.match(/\[demo\] no KUBECONFIG: starting etcd, kube-apiserver, controller manager, scheduler and kwok/);
    const tunnel = String.raw`\S+kubectl --kubeconfig /dev/null --server http://127\.0\.0\.1:\d+`;
    expect(res.stdout).to.match(new RegExp(String.raw`Through the tunnel:\n\n {2}${tunnel} get nodes,pods -A\n`));
    for (const example of ['-n demo logs -f deploy/web', '-n demo rollout status deploy/web', 'delete namespace demo']) {
      expect(res.stdout).to.match(new RegExp(String.raw`\n {2}${tunnel} ${example}\n`));
    }
    // Both kwok nodes Ready, both replicas of the sample Deployment Running and Ready.
    expect(res.stdout.match(/\nnode\/kwok-node-\d\s+Ready\s/g)).to.have.length(2);
    expect(res.stdout.match(/\ndemo\s+pod\/web-[\w-]+\s+1\/1\s+Running\s/g)).to.have.length(2);
    expect(res.stderr).to.match(/\[demo\] stopped; nothing left running\n$/);

    const pids = printedPids(res.stdout);
    // the agent and six cluster daemons
    expect(pids).to.have.length(7);
    for (const pid of pids) expect(isRunning(pid), `pid ${pid} still running`).to.equal(false);
    const dirs = tempDirs(res.stdout);
    expect(dirs).to.not.be.empty;
    for (const dir of dirs) expect(existsSync(dir), `${dir} left behind`).to.equal(false);
  });

  it('uses the cluster in KUBECONFIG when it is set', async function () {
    const res = await runDemo({ ...baseEnv(), KUBECONFIG: kube.adminKubeconfig, DEMO_EXIT_AFTER_CHECK: '1' });
    expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
    expect(res.stderr).to.include(`[demo] using the cluster in KUBECONFIG=${kube.adminKubeconfig}`);
    expect(res.stdout).to.include(`cluster:        KUBECONFIG=${kube.adminKubeconfig}`);
    // The harness's namespace shows that the agent reached this API server, not one of its own.
    expect(res.stdout).to.match(new RegExp(`\\n${kube.namespace}\\s+Active\\s`));
    const [agentPid] = printedPids(res.stdout);
    expect(agentPid).to.be.a('number');
    expect(isRunning(agentPid ?? 0)).to.equal(false);
  });

  for (const signal of ['SIGINT', 'SIGHUP'] as const) {
    it(`stops every process it started and removes its temp dirs on ${signal} to npm, without a terminal`, async function () {
      const npm = spawn('npm', ['run', 'demo'], { cwd: ROOT, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const output = waitForOutput(npm, /Ctrl-C stops everything\.\n/);
        const stdout = await output.stdout;
        const started = descendants(npm.pid ?? 0);
        // npm's node running the demo, six cluster daemons, the agent and two watchdogs at least
        expect(started.length, `processes below npm: ${started.join(' ')}`).to.be.greaterThanOrEqual(9);
        for (const pid of printedPids(stdout)) expect(started).to.include(pid);
        // 'close': npm and every process holding its stdout (the demo) are gone; npm dies of SIGHUP at once.
        const exited = once(npm, 'close');
        npm.kill(signal);
        await exited;
        // A process can still be in the middle of its exit when npm's pipes close (its command line already
        // empty): wait for each to be gone. One the demo left running never is, and fails here with its command.
        let left: string[] = [];
        await eventually(
          () => (left = started.filter(isRunning).map((pid) => `${pid} ${commandLine(pid)}`)).length === 0,
          30_000,
          'every process below npm to exit',
        ).catch(() => {});
        expect(left, 'processes still running after npm exited').to.deep.equal([]);
        // Every cleanup step ran and none failed: its stderr says so last, and says why when not.
        const stderr = output.stderr();
        const clean = /\[demo\] stopped; nothing left running\n$/.test(stderr) && !/\[demo\] (failed|stopping .* failed)/.test(stderr);
        expect(clean, `the demo's stderr does not end with its clean stop:\n${stderr}`).to.equal(true);
        const dirs = tempDirs(stdout);
        expect(dirs).to.have.length.greaterThanOrEqual(2);
        for (const dir of dirs) expect(existsSync(dir), `${dir} left behind; the demo's stderr:\n${stderr}`).to.equal(false);
      } finally {
        npm.kill('SIGKILL');
      }
    });
  }
});
