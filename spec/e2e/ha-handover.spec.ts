// Two replicas of one agent (bin/agent.js ×2, one agent_id, POD_NAME apart) behind
// the reference control plane, Runner and kubectl gateway. While unmodified kubectl
// reads and writes in a loop and 50 watches run through the Runner, replica A gets
// SIGTERM and is started again, then B: no kubectl command fails, every watch is
// re-opened on the other replica and misses no event (each watch's view equals the
// API server's). A replica killed with SIGKILL loses the writes in flight on it
// (reported lost, never answered), its reads are resent, and the other serves.
// Handover figures are printed, never asserted (wall-clock bounds would be flaky here).
import { expect } from 'chai';
import { join } from 'node:path';
import { FaultProxy } from '../../testkit/fault-proxy.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { AgentProcess } from '../../testkit/agent-process.ts';
import { E2eStack } from '../support/e2e/stack.ts';
import { writeGatewayKubeconfig } from '../../testkit/kubectl.ts';
import { startKubectlGateway, type KubectlGateway } from '../../examples/reference/kubectl-gateway.ts';
import { silentLogger } from '../../examples/reference/log.ts';
import { failoverRequest, LostRequestError, type FailoverStream } from '../../examples/reference/failover.ts';
import type { RunnerAgent } from '../../examples/reference/runner.ts';

const AGENT_ID = 'e2e-ha';
const WATCHES = 50;
const LABEL = 'ha=loop';

interface WatchView {
  stream: FailoverStream;
  /** name → resourceVersion of the objects the watch says exist. */
  objects: Map<string, string>;
  waiters: Array<{ name: string; resolve(): void }>;
  ended: Promise<void>;
}

function p99(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
}

describe('two agent replicas hand over on SIGTERM (e2e)', function () {
  this.timeout(300_000);
  let stack: E2eStack;
  let gateway: KubectlGateway;
  let kubeconfig: string;
  const replicas = new Map<string, AgentProcess>();

  const startReplica = async (pod: string, kubeEnv = kube.agentEnv()): Promise<AgentProcess> => {
    const agent = await AgentProcess.start({
      name: pod,
      apiUrl: stack.controlPlane.url,
      token: stack.apiToken,
      kubeEnv,
      dir: stack.dir,
      settings: { PIPEOPS_AGENT_ID: AGENT_ID, POD_NAME: pod, PIPEOPS_AGENT_SHUTDOWN_TIMEOUT: '10s' },
    });
    replicas.set(pod, agent);
    await serving(agent, pod);
    return agent;
  };
  const serving = async (agent: AgentProcess, pod: string): Promise<RunnerAgent> => {
    await agent.waitReady();
    return stack.runner.waitForAgent({ agentId: AGENT_ID, instanceId: pod, timeoutMs: 30_000 });
  };

  before(async () => {
    stack = await E2eStack.start();
    await Promise.all([startReplica('ha-a'), startReplica('ha-b')]);
    gateway = await startKubectlGateway({ runner: stack.runner, target: { agentId: AGENT_ID }, logger: silentLogger });
    kubeconfig = writeGatewayKubeconfig(join(stack.dir, 'ha.kubeconfig'), gateway.url, kube.namespace);
  });

  after(async () => {
    await gateway?.close();
    await stack?.close();
  });

  it('serves kubectl and 50 watches without a failure while A, then B, restart', async () => {
    const ns = kube.namespace;
    const kubectl = (args: string[], input?: string) => stack.kubectl.run(args, { kubeconfig, ...(input === undefined ? {} : { input }) });
    const list = await stack.runner.failover.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: { labelSelector: [LABEL] } });
    const listRv = (JSON.parse(Buffer.from(list.body ?? '', 'base64').toString()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;

    const views: WatchView[] = [];
    for (let i = 0; i < WATCHES; i++) {
      const stream = stack.runner.failover.stream({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/configmaps`,
        query: { watch: ['true'], labelSelector: [LABEL], resourceVersion: [listRv], allowWatchBookmarks: ['true'] },
      });
      const view: WatchView = { stream, objects: new Map(), waiters: [], ended: Promise.resolve() };
      view.ended = (async () => {
        for await (const chunk of stream) {
          const event = JSON.parse(chunk.data.toString()) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
          const { name, resourceVersion } = event.object.metadata;
          if (event.type === 'ADDED' || event.type === 'MODIFIED') view.objects.set(name, resourceVersion);
          else if (event.type === 'DELETED') view.objects.delete(name);
          for (const w of view.waiters.filter((x) => x.name === name && event.type !== 'DELETED')) w.resolve();
          view.waiters = view.waiters.filter((x) => x.name !== name);
        }
      })();
      views.push(view);
    }
    await Promise.all(views.map((v) => v.stream.start));
    const spread = new Set(stack.runner.agents().map((a) => a.instanceId));
    expect(spread, 'both replicas carry traffic').to.deep.equal(new Set(['ha-a', 'ha-b']));

    // The steady kubectl loop: write, read back, now and then delete.
    let stop = false;
    let ops = 0;
    const failures: string[] = [];
    let noServing = 0;
    let opWaiters: Array<{ at: number; resolve(): void }> = [];
    const untilOps = (at: number): Promise<void> => new Promise((resolve) => opWaiters.push({ at, resolve }));
    const loop = (async () => {
      for (let i = 0; !stop; i++) {
        if (!stack.runner.agents().some((a) => a.serving)) noServing++;
        const name = `ha-${i % 10}`;
        const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {ha: loop}\ndata:\n  v: "${i}"\n`;
        const steps: Array<[string[], string | undefined, string | undefined]> = [
          [['apply', '-f', '-'], manifest, undefined],
          [['get', 'configmap', name, '-o', 'jsonpath={.data.v}'], undefined, String(i)],
        ];
        if (i % 7 === 6) steps.push([['delete', 'configmap', `ha-${(i + 5) % 10}`, '--ignore-not-found'], undefined, undefined]);
        for (const [args, input, expected] of steps) {
          const r = await kubectl(args, input);
          ops++;
          for (const w of opWaiters.filter((x) => x.at <= ops)) w.resolve();
          opWaiters = opWaiters.filter((x) => x.at > ops);
          if (r.code !== 0 || (expected !== undefined && r.stdout !== expected)) failures.push(`kubectl ${args.join(' ')}: ${r.code} ${r.stdout} ${r.stderr}`);
        }
      }
    })();

    const handovers: Array<{ pod: string; drainMs: number; exitCode: number | null }> = [];
    for (const pod of ['ha-a', 'ha-b']) {
      const agent = replicas.get(pod)!;
      // Let some traffic run on both replicas first: await kubectl commands, not time.
      await untilOps(ops + 6);
      const t0 = performance.now();
      agent.child.kill('SIGTERM');
      const exit = await agent.child.exited;
      handovers.push({ pod, drainMs: Math.round(performance.now() - t0), exitCode: exit.code });
      await agent.restart();
      await serving(agent, pod);
    }
    await untilOps(ops + 6);
    stop = true;
    await loop;

    // A last write: once every watch has seen it, it has seen everything before it.
    const sentinel = 'ha-sentinel';
    const seen = views.map((v) => new Promise<void>((resolve) => v.waiters.push({ name: sentinel, resolve })));
    const created = await kubectl(['apply', '-f', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${sentinel}\n  labels: {ha: loop}\n`);
    expect(created.code, created.stderr).to.equal(0);
    await Promise.all(seen);

    const final = await kube.adminRequest('GET', `/api/v1/namespaces/${ns}/configmaps?labelSelector=${encodeURIComponent(LABEL)}`);
    const truth = new Map(
      final.json<{ items: Array<{ metadata: { name: string; resourceVersion: string } }> }>().items.map((o) => [o.metadata.name, o.metadata.resourceVersion]),
    );
    const stats = stack.runner.failover.stats;
    const figures = {
      kubectlOps: ops,
      failedNonStream: failures.length,
      watches: WATCHES,
      watchResumes: stats.resumed,
      watchGapP99Ms: Math.round(p99(stats.watchGaps)),
      watchGapMaxMs: Math.round(Math.max(0, ...stats.watchGaps)),
      retriedAfterRefusal: stats.refusedRetried,
      retriedAfterLoss: stats.retried,
      lost: stats.lost,
      loopIterationsWithoutServingReplica: noServing,
      handovers,
    };
    console.log(`      handover figures: ${JSON.stringify(figures)}`);

    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(handovers.map((h) => h.exitCode)).to.deep.equal([0, 0]);
    expect(stats.lost).to.equal(0);
    // Each handover moves the watches of the draining replica: all 50 were re-opened at least once.
    expect(stats.resumed).to.be.at.least(WATCHES);
    for (const [i, view] of views.entries()) {
      expect(view.stream.isEnded, `watch ${i} still open`).to.equal(false);
      expect(new Map([...view.objects]), `watch ${i} saw every event`).to.deep.equal(truth);
    }
    for (const view of views) await view.stream.cancel().catch(() => undefined);
    await Promise.allSettled(views.map((v) => v.ended));
  });

  it('reports the writes in flight on a replica killed with SIGKILL as lost, resends its reads, and serves from the other', async () => {
    const ns = kube.namespace;
    // Replica C reaches the API server through a proxy the spec can stall, so requests stay in flight on it.
    const proxy = await new FaultProxy(kube.host, kube.port).listen();
    try {
      const c = await startReplica('ha-c', { ...kube.agentEnv(), KUBERNETES_SERVICE_PORT: String(proxy.port) });
      const onC = stack.runner.agent({ agentId: AGENT_ID, instanceId: 'ha-c' });
      proxy.stall();
      const stats = stack.runner.failover.stats;
      const before = { lost: stats.lost, retried: stats.retried };
      // First attempt on C; a resend goes to whichever replica serves.
      const pickFirst = () => {
        let first = true;
        return async (_retry: boolean) => {
          if (first) {
            first = false;
            return onC;
          }
          return stack.runner.waitForAgent({ agentId: AGENT_ID, instanceId: 'ha-a' });
        };
      };
      const settled: string[] = [];
      const writes = [0, 1, 2, 3, 4].map((i) =>
        failoverRequest(pickFirst(), {
          method: 'POST',
          path: `/api/v1/namespaces/${ns}/configmaps`,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `ha-lost-${i}` } })).toString('base64'),
        }, stats).then(
          (answer) => settled.push(`answered ${answer.status_code}`),
          (err: unknown) => settled.push(err instanceof LostRequestError ? 'lost' : `failed ${String(err)}`),
        ),
      );
      const reads = [0, 1, 2, 3, 4].map(() =>
        failoverRequest(pickFirst(), { method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps` }, stats).then(
          (answer) => settled.push(`read ${answer.status_code}`),
          (err: unknown) => settled.push(`read failed ${String(err)}`),
        ),
      );
      // Each request leaves once its pick has resolved: one turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(onC.pending).to.equal(10);
      c.child.kill('SIGKILL');
      await Promise.all([...writes, ...reads]);
      expect(settled.filter((s) => s === 'lost')).to.have.length(5);
      expect(settled.filter((s) => s === 'read 200')).to.have.length(5);
      expect(settled, 'each request settled exactly once').to.have.length(10);
      expect(stats.lost - before.lost).to.equal(5);
      expect(stats.retried - before.retried).to.equal(5);
      // New requests go to the replicas that serve.
      const r = await stack.kubectl.run(['get', 'configmaps', '-o', 'name'], { kubeconfig });
      expect(r.code, r.stderr).to.equal(0);
      expect(stack.runner.agents().map((a) => a.instanceId)).to.not.include('ha-c');
      console.log(`      SIGKILL figures: ${JSON.stringify({ inFlight: 10, lost: stats.lost - before.lost, resent: stats.retried - before.retried })}`);
    } finally {
      replicas.get('ha-c')?.child.kill('SIGKILL');
      await proxy.close();
    }
  });
});
