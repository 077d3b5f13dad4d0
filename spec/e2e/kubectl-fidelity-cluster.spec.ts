// The fidelity battery against a working cluster (controller manager, scheduler,
// kwok nodes): rollouts, scaling with pods appearing, cascading and namespace
// deletion, events and logs, straight at the API server and through the tunnel
// at once on twin Deployments (`<name>-direct`, `<name>-tunnel`).
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import { E2eStack } from '../support/e2e/stack.ts';
import { expectSameResults, Fidelity, twin, type Mode } from '../support/e2e/fidelity.ts';
import type { KubectlResult } from '../../testkit/kubectl.ts';
import { normalise } from '../support/e2e/normalise.ts';
import type { KubectlWatch } from '../support/e2e/watch.ts';

const NS = 'fid-cluster';
const MODES: Mode[] = ['direct', 'tunnel'];

describe('kubectl fidelity: a working cluster', function () {
  let stack: E2eStack;
  let same: Fidelity;
  const running: KubectlWatch[] = [];

  before(async function () {
    this.timeout(180_000);
    stack = await E2eStack.start();
    await Promise.all([stack.startAgent('fid-cluster'), kube.createNamespace(NS)]);
    same = new Fidelity(stack);
    await Promise.all(MODES.map((m) => kube.runDeployment(twin(m, 'roll'), 1, NS)));
    await Promise.all(MODES.map((m) => kube.runDeployment(twin(m, 'logs'), 1, NS)));
  });

  afterEach(async function () {
    await Promise.all(running.splice(0).map((w) => w.stop()));
  });

  after(async function () {
    await stack?.close();
  });

  /** kubectl rollout status prints a "Waiting for..." line per change it sees, which timing decides; its verdict (last line) does not. */
  const verdict = (r: KubectlResult): KubectlResult => ({ ...r, stdout: `${r.stdout.trimEnd().split('\n').at(-1) ?? ''}\n` });

  it('get pods -o wide and get nodes', async () => {
    await Promise.all([
      same.expectSame((m) => ['get', 'pods', '-n', NS, '-l', `app=${twin(m, 'roll')}`, '-o', 'wide']),
      same.expectSame(['get', 'nodes']),
      same.expectSame(['get', 'nodes', '-o', 'wide']),
    ]);
  });

  it('scale with the pods appearing, rollout status, restart and undo', async function () {
    this.timeout(180_000);
    const roll = (m: Mode): string => `deployment/${twin(m, 'roll')}`;
    await same.expectSame((m) => ['scale', roll(m), '-n', NS, '--replicas=3']);
    const status = async (): Promise<void> => {
      const r = await same.both((m) => ['rollout', 'status', roll(m), '-n', NS, '--timeout=90s'], { timeoutMs: 120_000 });
      expectSameResults({ direct: verdict(r.direct), tunnel: verdict(r.tunnel) }, 0, 'rollout status');
      expect(normalise(r.direct.stdout)).to.match(/successfully rolled out\n$/);
    };
    await status();
    const pods = await same.expectSame((m) => ['get', 'pods', '-n', NS, '-l', `app=${twin(m, 'roll')}`, '-o', 'name']);
    expect(pods.tunnel.stdout.trimEnd().split('\n')).to.have.length(3);
    await same.expectSame((m) => ['rollout', 'restart', roll(m), '-n', NS]);
    await status();
    await same.expectSame((m) => ['rollout', 'history', roll(m), '-n', NS]);
    await same.expectSame((m) => ['rollout', 'undo', roll(m), '-n', NS]);
    await status();
    await same.expectSame((m) => ['rollout', 'undo', roll(m), '-n', NS, '--to-revision=9'], { code: 1 });
  });

  describe('logs', () => {
    const logs = (m: Mode): string => `deployment/${twin(m, 'logs')}`;

    it('logs, --tail, --timestamps and --previous', async () => {
      kube.appendPodLog('fidelity: a line for logs');
      kube.appendPodLog('fidelity: a line on stderr', 'stderr');
      kube.appendPreviousPodLog('fidelity: the previous run');
      await Promise.all([
        same.expectSame((m) => ['logs', logs(m), '-n', NS]),
        same.expectSame((m) => ['logs', logs(m), '-n', NS, '--tail=1']),
        same.expectSame((m) => ['logs', logs(m), '-n', NS, '--timestamps', '--tail=2']),
        same.expectSame((m) => ['logs', logs(m), '-n', NS, '--previous']),
        same.expectSame((m) => ['logs', logs(m), '-n', NS, '-c', 'no-such-container'], { code: 1 }),
      ]);
    });

    it('logs -f prints the same lines as they are written', async () => {
      const pair = same.spawn((m) => ['logs', '-f', logs(m), '-n', NS, '--tail=1']);
      running.push(pair.direct, pair.tunnel);
      await Promise.all([pair.direct.waitForLines(1), pair.tunnel.waitForLines(1)]);
      kube.appendPodLog('fidelity: followed one');
      kube.appendPodLog('fidelity: followed two');
      await Promise.all([pair.direct.waitForLine(/followed two/), pair.tunnel.waitForLine(/followed two/)]);
      expect(pair.tunnel.lines.map(normalise)).to.deep.equal(pair.direct.lines.map(normalise));
      expect(pair.direct.lines.slice(-2)).to.deep.equal(['fidelity: followed one', 'fidelity: followed two']);
    });
  });

  it('delete --cascade=foreground waits for the pods; the same messages', async function () {
    this.timeout(120_000);
    await Promise.all(MODES.map((m) => kube.runDeployment(twin(m, 'cascade'), 2, NS)));
    await same.expectSame((m) => ['delete', 'deployment', twin(m, 'cascade'), '-n', NS, '--cascade=foreground', '--timeout=90s'], { timeoutMs: 120_000 });
    await same.expectSame((m) => ['get', 'replicasets,pods', '-n', NS, '-l', `app=${twin(m, 'cascade')}`]);
  });

  it('delete namespace with objects in it, --wait', async function () {
    this.timeout(150_000);
    await Promise.all(MODES.map((m) => kube.createNamespace(twin(m, 'fid-ns'))));
    await Promise.all(MODES.map((m) => kube.runDeployment('inside', 1, twin(m, 'fid-ns'))));
    await same.expectSame((m) => ['delete', 'namespace', twin(m, 'fid-ns'), '--wait', '--timeout=120s'], { timeoutMs: 140_000 });
    await same.expectSame((m) => ['get', 'namespace', twin(m, 'fid-ns')], { code: 1 });
  });

  it('logs of a pod that does not exist: the same error', async () => {
    await same.expectSame((m) => ['logs', `pod/${twin(m, 'gone')}`, '-n', NS], { code: 1 });
  });
});
