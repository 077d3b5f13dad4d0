// bin/agent.js as a user runs it: a process with in-cluster-style credentials
// and a static Runner. On SIGTERM it announces `draining` (with its POD_NAME as
// instance_id), ends open streams with done + "shutdown", closes its sockets with
// 1001 and exits 0.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kube } from '../../testkit/kube/harness.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';

const NODE = new URL('../../node_modules/.bin/node', import.meta.url).pathname;
const AGENT = new URL('../../bin/agent.js', import.meta.url).pathname;

describe('bin/agent.js shutdown', function () {
  this.timeout(60_000);
  let dir: string;
  let peer: Peer;
  let child: ChildProcess | undefined;
  let output = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeops-shutdown-'));
    peer = await new Peer({ token: 'runner-secret-token' }).listen();
  });

  after(async () => {
    child?.kill('SIGKILL');
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends open streams with done + "shutdown", closes with 1001 and exits 0', async () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        'agent:',
        '  port: 0',
        `  state_file: ${join(dir, 'state.json')}`,
        '  shutdown_timeout: 10s',
        'runners:',
        `  - url: ${peer.url}`,
        '    token: runner-secret-token',
        '    name: spec',
        '',
      ].join('\n'),
    );
    child = spawn(NODE, [AGENT, '--config', config], {
      env: { PATH: process.env.PATH, HOME: dir, POD_NAME: 'agent-shutdown-0', ...kube.agentEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const conn = await peer.connection(20_000);
    await conn.next((f) => f.type === 'hello');
    const watches = ['w-1', 'w-2', 'w-3'];
    for (const id of watches) {
      conn.send({ id, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/pods`, query: { watch: ['true'] }, stream: true });
    }
    await Promise.all(watches.map((id) => conn.next((f) => f.id === id && f.status_code === 200)));

    const t0 = performance.now();
    child.kill('SIGTERM');
    // First the announcement, so the peer sends its next requests to another replica.
    const draining = await conn.next((f) => f.type === 'draining');
    expect(draining.payload).to.deep.include({ instance_id: 'agent-shutdown-0', grace_seconds: 8 });
    const dones = await Promise.all(watches.map((id) => conn.next((f) => f.id === id && f.done === true)));
    for (const d of dones) expect(d.error).to.equal('shutdown');
    const drainingAt = conn.frames.indexOf(draining);
    for (const d of dones) expect(conn.frames.indexOf(d)).to.be.greaterThan(drainingAt);
    expect(await conn.closed).to.equal(1001);
    expect(await exited, output).to.equal(0);
    expect(performance.now() - t0).to.be.lessThan(10_000);
    // Exactly one terminal frame per request, and no secret in the logs.
    for (const id of watches) expect(conn.framesFor(id).filter((f) => f.done)).to.have.length(1);
    expect(output).not.to.include('runner-secret-token');
    expect(output).not.to.include(kube.token());
    expect(output).to.include('"msg":"stopped"');
  });
});
