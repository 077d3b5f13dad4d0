// The harness leaves nothing behind: however the process that started the test
// cluster (pod-target, etcd, kube-apiserver, controller manager, scheduler, kwok) ends (a clean stop, SIGTERM, or SIGKILL with no chance to run
// a handler), the processes and the temp dir go away.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { kube, STATE_ENV } from '../../testkit/kube/harness.ts';
import { isRunning } from '../../testkit/proc.ts';

const STANDALONE = join(import.meta.dirname, '../../testkit/kube/standalone.ts');

interface Started {
  child: ChildProcess;
  dir: string;
  pids: number[];
}

async function startStandalone(): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBE_ASSETS: dirname(kube.kubectlPath) };
  delete env[STATE_ENV];
  const child = spawn(process.execPath, [STANDALONE], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`standalone harness exited with ${code} before it was ready`)));
  });
  const started = JSON.parse(line) as { state: { dir: string }; pids: { daemons: number[]; watchdog: number } };
  return { child, dir: started.state.dir, pids: [...started.pids.daemons, started.pids.watchdog] };
}

async function expectGone(started: Started, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && (started.pids.some(isRunning) || existsSync(started.dir))) await delay(100);
  expect(started.pids.filter(isRunning), 'processes still running').to.deep.equal([]);
  expect(existsSync(started.dir), `${started.dir} still exists`).to.equal(false);
}

describe('test API server lifecycle', function () {
  this.timeout(120_000);
  const runs: Started[] = [];

  before(async function () {
    // One after the other: three whole clusters starting at once overload two cores. Each one that
    // started is in runs at once, so after() stops it even when a later one fails.
    for (let i = 0; i < 3; i++) runs.push(await startStandalone());
    for (const run of runs) {
      // six daemons and the watchdog
      expect(run.pids).to.have.length(7);
      expect(run.pids.every(isRunning)).to.equal(true);
      expect(existsSync(run.dir)).to.equal(true);
    }
  });

  after(function () {
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  });

  it('removes processes and files on a clean stop', async function () {
    const [run] = runs;
    run.child.stdin?.end();
    await expectGone(run, 60_000);
  });

  it('removes processes and files when the owner gets SIGTERM', async function () {
    const run = runs[1];
    run.child.kill('SIGTERM');
    await expectGone(run, 60_000);
  });

  it('removes processes and files when the owner is killed outright', async function () {
    const run = runs[2];
    run.child.kill('SIGKILL');
    await expectGone(run, 60_000);
  });
});
