// The test cluster other specs stand on, checked with kubectl straight against
// the API server (admin kubeconfig, no agent): kwok's two nodes are Ready, the
// controller manager and scheduler make a Deployment roll out, give a new
// namespace its default ServiceAccount and finish deleting one, and kwok's
// kubelet API answers logs, logs -f, logs --previous, exec and port-forward.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { request } from 'undici';
import { kube } from '../../testkit/kube/harness.ts';
import { POD_TARGET_GREETING, podTargetBytes } from '../../testkit/kube/pod-target.ts';

const run = promisify(execFile);

function kubectl(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(kube.kubectlPath, ['--kubeconfig', kube.adminKubeconfig, ...args], { timeout: 90_000 });
}

function kubectlChild(...args: string[]): ChildProcess {
  return spawn(kube.kubectlPath, ['--kubeconfig', kube.adminKubeconfig, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the first match of pattern in the child's stdout; rejects if it exits first. */
function untilOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err += s));
  return new Promise((resolve, reject) => {
    const onData = (s: string): void => {
      out += s;
      const match = pattern.exec(out);
      if (match !== null) {
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`kubectl exited (${code}) before printing ${pattern}:\n${out}\n${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

interface Pod {
  metadata: { name: string };
  spec: { nodeName?: string; serviceAccountName?: string };
  status: { phase: string; conditions?: { type: string; status: string }[] };
}

describe('test cluster (kubectl straight to the API server)', function () {
  this.timeout(90_000);
  const ns = `cluster-${randomBytes(3).toString('hex')}`;
  let pod = '';

  before(async function () {
    await kubectl('create', 'namespace', ns);
  });

  after(async function () {
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false');
  });

  it('has two kwok nodes, Ready, without taints', async function () {
    const { stdout } = await kubectl('get', 'nodes', '-o', 'json');
    const nodes = (JSON.parse(stdout) as { items: { metadata: { name: string }; spec: { taints?: unknown[] }; status: Pod['status'] }[] }).items;
    expect(nodes.map((n) => n.metadata.name).toSorted()).to.deep.equal(['kwok-node-0', 'kwok-node-1']);
    expect(kube.nodes).to.deep.equal(['kwok-node-0', 'kwok-node-1']);
    for (const node of nodes) {
      expect(node.status.conditions?.find((c) => c.type === 'Ready')?.status, node.metadata.name).to.equal('True');
      expect(node.spec.taints ?? []).to.deep.equal([]);
    }
  });

  it('gives a new namespace its default ServiceAccount', async function () {
    const { stdout } = await kubectl('wait', '--for=create', 'serviceaccount/default', '-n', ns, '--timeout=60s');
    expect(stdout).to.match(/serviceaccount\/default condition met/);
  });

  it('rolls out a Deployment onto the kwok nodes: kubectl rollout status exits 0', async function () {
    await kubectl('create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80', '-n', ns);
    const { stdout } = await kubectl('rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s');
    expect(stdout).to.match(/deployment "web" successfully rolled out/);
    const pods = (JSON.parse((await kubectl('get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'json')).stdout) as { items: Pod[] }).items;
    expect(pods).to.have.length(2);
    for (const p of pods) {
      expect(p.status.phase).to.equal('Running');
      expect(kube.nodes).to.include(p.spec.nodeName);
      // the ServiceAccount admission plugin is on
      expect(p.spec.serviceAccountName).to.equal('default');
    }
    pod = pods[0]?.metadata.name ?? '';
  });

  it('shows appended lines in kubectl logs and streams a later one with logs -f', async function () {
    const first = `first line ${randomBytes(4).toString('hex')}`;
    kube.appendPodLog(first);
    kube.appendPodLog(`${first} on stderr`, 'stderr');
    const { stdout } = await kubectl('logs', pod, '-n', ns);
    expect(stdout.split('\n')).to.include.members([first, `${first} on stderr`]);

    const follow = kubectlChild('logs', '-f', '--tail=1', pod, '-n', ns);
    try {
      await untilOutput(follow, new RegExp(`${first} on stderr\n`));
      const later = `later line ${randomBytes(4).toString('hex')}`;
      kube.appendPodLog(later);
      await untilOutput(follow, new RegExp(`${later}\n`));
    } finally {
      await stop(follow);
    }
  });

  it('shows the previous container log with kubectl logs --previous', async function () {
    const line = `previous ${randomBytes(4).toString('hex')}`;
    kube.appendPreviousPodLog(line);
    const { stdout } = await kubectl('logs', '--previous', pod, '-n', ns);
    expect(stdout.trimEnd().split('\n').at(-1)).to.equal(line);
  });

  it('runs kubectl exec POD -- echo hi as a local process in the kwok work dir', async function () {
    expect((await kubectl('exec', pod, '-n', ns, '--', 'echo', 'hi')).stdout).to.equal('hi\n');
    expect((await kubectl('exec', pod, '-n', ns, '--', 'pwd')).stdout).to.equal(`${kube.kwok.workDir}\n`);
  });

  it('port-forwards pod port 80 to the pod-target server, byte for byte', async function () {
    const forward = kubectlChild('port-forward', '-n', ns, `pod/${pod}`, ':80');
    try {
      const [, port] = await untilOutput(forward, /Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
      const base = `http://127.0.0.1:${port}`;
      const greeting = await request(`${base}/`);
      expect(await greeting.body.text()).to.equal(POD_TARGET_GREETING);
      const n = 3 * 1024 * 1024 + 17;
      const bytes = await request(`${base}/bytes?n=${n}`);
      const got = Buffer.from(await bytes.body.arrayBuffer());
      expect(got.length).to.equal(n);
      expect(createHash('sha256').update(got).digest('hex')).to.equal(createHash('sha256').update(podTargetBytes(n)).digest('hex'));
      const body = randomBytes(256 * 1024);
      const hashed = await request(`${base}/sha256`, { method: 'POST', body });
      expect((await hashed.body.text()).trim()).to.equal(createHash('sha256').update(body).digest('hex'));
    } finally {
      await stop(forward);
    }
  });

  it('deletes a namespace with pods in it: kubectl delete namespace completes', async function () {
    const { stdout } = await kubectl('delete', 'namespace', ns, '--timeout=60s');
    expect(stdout).to.match(new RegExp(`namespace "${ns}" deleted`));
    const gone = await kubectl('get', 'namespace', ns, '--ignore-not-found', '-o', 'name');
    expect(gone.stdout).to.equal('');
  });
});
