// `kubectl get -w` through the tunnel: it sees what a second kubectl, talking
// to the API server directly, does; it ends (rather than hangs) when the agent
// process is killed; and a new watch works once the agent is back.
import { expect } from 'chai';
import { E2eStack, type E2eAgent } from '../support/e2e/stack.ts';
import { KubectlWatch } from '../support/e2e/watch.ts';

describe('kubectl get -w through the tunnel', function () {
  let stack: E2eStack;
  let agent: E2eAgent;
  const watches: KubectlWatch[] = [];

  before(async function () {
    stack = await E2eStack.start();
    agent = await stack.startAgent('watch');
  });

  afterEach(async function () {
    await Promise.all(watches.splice(0).map((w) => w.stop()));
  });

  after(async function () {
    await stack?.close();
  });

  function watch(label: string): KubectlWatch {
    const w = new KubectlWatch(
      stack.kubectl.spawn(['get', 'configmaps', '-l', `watch=${label}`, '-w', '--output-watch-events', '--no-headers'], agent.kubeconfig),
    );
    watches.push(w);
    return w;
  }

  /** A watch is open once the gateway has sent its start: until then kubectl prints nothing, so wait for a first event. */
  async function createDirect(name: string, label: string, value = '1'): Promise<void> {
    const res = await stack.direct(['create', 'configmap', name, `--from-literal=v=${value}`]);
    expect(res.code, res.stderr).to.equal(0);
    const labelled = await stack.direct(['label', 'configmap', name, `watch=${label}`]);
    expect(labelled.code, labelled.stderr).to.equal(0);
  }

  it('sees ADDED, MODIFIED and DELETED of objects another kubectl changes directly', async function () {
    await createDirect('w-first', 'events');
    const w = watch('events');
    await w.waitForLine(/^ADDED\s+w-first\b/);

    await createDirect('w-second', 'events');
    await w.waitForLine(/^ADDED\s+w-second\b/);
    const patched = await stack.direct(['patch', 'configmap', 'w-second', '--type=merge', '-p', '{"data":{"v":"2"}}']);
    expect(patched.code, patched.stderr).to.equal(0);
    await w.waitForLine(/^MODIFIED\s+w-second\b/);
    const deleted = await stack.direct(['delete', 'configmap', 'w-second', '--wait=false']);
    expect(deleted.code, deleted.stderr).to.equal(0);
    await w.waitForLine(/^DELETED\s+w-second\b/);

    expect(w.events()).to.deep.equal([
      ['ADDED', 'w-first'],
      ['ADDED', 'w-second'],
      ['MODIFIED', 'w-second'],
      ['DELETED', 'w-second'],
    ]);
    expect(w.stderr).to.equal('');
  });

  it('ends when the agent process is killed, and a new watch works after a restart', async function () {
    await createDirect('k-first', 'kill');
    const w = watch('kill');
    await w.waitForLine(/^ADDED\s+k-first\b/);
    // kubectl prints what it listed as ADDED before it opens the watch; an object made now can only come through
    // the watch, so once it is seen the watch is open. Killed before that, kubectl's watch request would meet a
    // gateway with no agent (a 502 or 503, depending on whether the Runner had seen the socket close).
    await createDirect('k-second', 'kill');
    await w.waitForLine(/^ADDED\s+k-second\b/);

    // No bound on how soon: a loaded machine may take its time, and the spec's timeout turns a hang into a failure.
    agent.process.child.kill('SIGKILL');
    const exit = await w.exited;
    // The Runner finds no replica to resume the watch on and the gateway cuts the connection: kubectl ends as it
    // does when an API server goes away mid-watch, quietly, with exit 0.
    expect(exit, `kubectl stderr: ${w.stderr}`).to.deep.equal({ code: 0, signal: null });
    expect(w.stderr).to.equal('');
    expect(w.events().map(([, name]) => name)).to.deep.equal(['k-first', 'k-second']);

    await agent.process.restart();
    await stack.waitConnected(agent);
    const again = watch('kill');
    await again.waitForLine(/^ADDED\s+k-second\b/);
    await createDirect('k-third', 'kill');
    await again.waitForLine(/^ADDED\s+k-third\b/);
  });
});
