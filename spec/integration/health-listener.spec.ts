// bin/agent.js as a user runs it, with in-cluster-style credentials from the
// test API server: its only listening socket is the health address, `health`
// exits 0 exactly while /ready is 200, and SIGTERM closes the listener.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { kube } from '../../testkit/kube/harness.ts';
import { SessionServer } from '../support/session-server.ts';
import { until } from '../support/session-agent.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'agent.js');

interface Listening {
  proto: string;
  address: string;
  port: number;
}

/** TCP sockets in LISTEN and bound UDP sockets that belong to the process (by socket inode). */
function listeningSockets(pid: number): Listening[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed while reading
    }
  }
  const out: Listening[] = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const lines = readFileSync(`/proc/${pid}/net/${proto}`, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const [local, state, ino] = [f[1], f[3], f[9]];
      if (!inodes.has(ino)) continue;
      const listening = proto.startsWith('tcp') ? state === '0A' : true;
      if (!listening) continue;
      const [hexAddr, hexPort] = local.split(':');
      out.push({ proto, address: decodeAddress(hexAddr), port: parseInt(hexPort, 16) });
    }
  }
  return out;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  }
  // IPv6: four little-endian 32-bit words
  const words = [0, 1, 2, 3].map((w) => hex.slice(w * 8, w * 8 + 8).match(/../g)!.reverse().join(''));
  return words.join('').match(/..../g)!.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function runHealth(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'health'], { env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('health listener of bin/agent.js (real API server)', function () {
  this.timeout(60_000);
  let cp: SessionServer;
  let child: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let output = '';

  beforeEach(async () => {
    cp = await new SessionServer({ token: 'cp-token', onRegister: () => ({ kind: 'registered', payload: { cluster_id: 'c-1' } }) }).start();
    port = await freePort();
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIPEOPS_')));
    env = {
      ...base,
      ...kube.agentEnv(),
      PIPEOPS_PIPEOPS_API_URL: cp.url,
      PIPEOPS_PIPEOPS_TOKEN: 'cp-token',
      PIPEOPS_PIPEOPS_RECONNECT_INTERVAL: '50ms',
      PIPEOPS_PIPEOPS_RECONNECT_MAX_INTERVAL: '300ms',
      PIPEOPS_AGENT_PORT: String(port),
      PIPEOPS_AGENT_STATE_CONFIGMAP: 'agent-state-child',
      PIPEOPS_LOGGING_LEVEL: 'info',
    };
    output = '';
    child = spawn(process.execPath, [BIN], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    child = undefined;
    await cp.stop();
  });

  const ready = async (): Promise<number> => {
    try {
      const res = await request(`http://127.0.0.1:${port}/ready`);
      await res.body.dump();
      return res.statusCode;
    } catch {
      return 0;
    }
  };

  it('listens on the health address only', async () => {
    await until(async () => (await ready()) === 200, `/ready 200 (agent output:\n${output})`, 20_000);
    expect(cp.open).to.have.length(1);
    const sockets = listeningSockets(child!.pid!);
    expect(sockets).to.deep.equal([{ proto: 'tcp', address: '127.0.0.1', port }]);
    expect(output).to.include(`health endpoints on http://127.0.0.1:${port}`);
  });

  it('`health` exits 0 while /ready is 200 and 1 once the control plane is gone', async () => {
    await until(async () => (await ready()) === 200, `/ready 200 (agent output:\n${output})`, 20_000);
    const ok = await runHealth(env);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/^ready \(http:\/\/127\.0\.0\.1:\d+\/ready\)/);
    await cp.stop();
    await until(async () => (await ready()) === 503, '/ready 503');
    const notReady = await runHealth(env);
    expect(notReady.code).to.equal(1);
    expect(notReady.stderr).to.match(/not ready: .* answered 503: .*not connected to the control plane/);
  });

  it('closes the listener and exits 0 on SIGTERM', async () => {
    await until(async () => (await ready()) === 200, `/ready 200 (agent output:\n${output})`, 20_000);
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(await ready()).to.equal(0);
    const down = await runHealth(env);
    expect(down.code).to.equal(1);
    expect(down.stderr).to.match(/cannot be reached \(ECONNREFUSED\)/);
  });
});
