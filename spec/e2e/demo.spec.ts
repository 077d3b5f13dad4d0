// `npm run demo -- --check`: the README's one command starts everything, runs
// the kubectl command it prints through the tunnel, and leaves nothing behind.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kube } from '../support/kube/harness.ts';
import { collect, type KubectlResult } from '../support/e2e/kubectl.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'scripts', 'demo.ts');

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

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function printedPids(stdout: string): number[] {
  const agent = /agent:\s+pid (\d+)/.exec(stdout)?.[1];
  const daemons = /pids ([\d, ]+);/.exec(stdout)?.[1]?.split(', ') ?? [];
  return [agent, ...daemons].filter((p) => p !== undefined).map(Number);
}

describe('npm run demo -- --check', function () {
  it('starts its own API server, gets namespaces through the tunnel and cleans up', async function () {
    const res = await runDemo(baseEnv());
    expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
    expect(res.stderr).to.match(/\[demo\] no KUBECONFIG: starting etcd and kube-apiserver/);
    expect(res.stdout).to.match(/Through the tunnel:\n\n {2}\S+kubectl --kubeconfig \/dev\/null --server http:\/\/127\.0\.0\.1:\d+ get namespaces\n/);
    expect(res.stdout).to.match(/\nNAME\s+STATUS\s+AGE\n/);
    expect(res.stdout).to.match(/\npipeops-demo\s+Active\s/);
    expect(res.stderr).to.match(/\[demo\] stopped; nothing left running\n$/);

    const pids = printedPids(res.stdout);
    expect(pids).to.have.length(3);
    for (const pid of pids) expect(isRunning(pid), `pid ${pid} still running`).to.equal(false);
    const dirs = [...res.stdout.matchAll(/(\/\S*pipeops-(?:demo|kube)-[\w]+)/g)].map((m) => m[1] ?? '');
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
});
