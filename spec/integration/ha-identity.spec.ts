// Two replicas of one agent started at the same moment against the real API server,
// sharing a ConfigMap that does not exist yet: the store's optimistic concurrency
// makes them agree on one agent_id, so the control plane gives them one cluster_id,
// while each reports its own instance_id (POD_NAME).
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane, type InstanceRecord } from '../../examples/reference/control-plane.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { AgentProcess } from '../../testkit/agent-process.ts';
import { silentLogger } from '../../examples/reference/log.ts';
import pino from 'pino';
import { loadIdentity } from '../../lib/control-plane/identity.ts';
import { ConfigMapIdentityStore } from '../../lib/control-plane/configmap-store.ts';
import { createKubeTarget, type KubeTarget } from '../../lib/kube/target.ts';
import { testConfig } from '../support/test-config.ts';
import { eventually } from '../../testkit/eventually.ts';

const TOKEN = 'ha-identity-token';

/** Resolves once `check` holds for the replicas the control plane knows, re-checked at every heartbeat. */
async function untilInstances(cp: ControlPlane, check: (all: InstanceRecord[]) => boolean, what: string): Promise<InstanceRecord[]> {
  for (;;) {
    const all = cp.instances();
    if (check(all)) return all;
    await cp.waitForHeartbeat({ timeoutMs: 30_000 }).catch((err: unknown) => {
      throw new Error(`${what}: ${(err as Error).message}; replicas: ${JSON.stringify(cp.instances())}`);
    });
  }
}

describe('two replicas of one cluster (real API server)', function () {
  this.timeout(90_000);
  let dir: string;
  let cp: ControlPlane;
  let agents: AgentProcess[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ha-identity-'));
    cp = await startControlPlane({ token: TOKEN, heartbeatIntervalSeconds: 0.2, logger: silentLogger });
  });

  afterEach(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    agents = [];
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agree on one cluster identity when they start at once, each with its own instance_id', async () => {
    const configmap = `ha-state-${randomUUID().slice(0, 8)}`;
    const start = (pod: string): Promise<AgentProcess> =>
      AgentProcess.start({
        apiUrl: cp.url,
        token: TOKEN,
        kubeEnv: kube.agentEnv(),
        dir,
        name: pod,
        settings: { PIPEOPS_AGENT_STATE_STORE: 'configmap', PIPEOPS_AGENT_STATE_CONFIGMAP: configmap, POD_NAME: pod },
      });
    agents = await Promise.all([start('pipeops-agent-a'), start('pipeops-agent-b')]);

    const both = await untilInstances(
      cp,
      (all) => all.filter((i) => i.lastHeartbeat?.payload.cluster_id).length === 2,
      'two replicas heartbeating with a cluster_id',
    );
    expect(both.map((i) => i.instanceId).sort()).to.deep.equal(['pipeops-agent-a', 'pipeops-agent-b']);
    const [a, b] = both;
    expect(a.agentId).to.equal(b.agentId);
    expect(a.lastHeartbeat!.payload.cluster_id).to.equal(b.lastHeartbeat!.payload.cluster_id);
    expect(a.lastHeartbeat!.payload.instance_id).to.equal(a.instanceId);
    expect(b.lastHeartbeat!.payload.instance_id).to.equal(b.instanceId);
    // One agent for the control plane, with both replicas connected.
    expect(cp.agents()).to.have.length(1);
    expect(both.every((i) => i.connected && !i.draining)).to.equal(true);

    // The ConfigMap comes to hold what both replicas report: a replica heartbeats with its cluster_id as soon as it
    // is registered, and persists it on its own (a GET and a PUT, which a loaded machine can delay past a heartbeat).
    const clusterId = a.lastHeartbeat!.payload.cluster_id;
    let data: Record<string, string> = {};
    await eventually(
      async () => {
        const cm = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/${configmap}`);
        data = cm.json<{ data: Record<string, string> }>().data;
        return data.cluster_id !== '';
      },
      30_000,
      'the state ConfigMap to hold the cluster_id',
    );
    expect(data).to.deep.equal({ agent_id: a.agentId, cluster_id: clusterId });
  });
});

describe('ConfigMapIdentityStore under concurrent replicas (real API server)', function () {
  this.timeout(90_000);
  const logger = pino({ level: 'silent' });
  let targets: KubeTarget[];

  before(async () => {
    const config = testConfig();
    config.kubernetes.service_account_dir = kube.saDir;
    config.kubernetes.namespace = kube.namespace;
    // One target per replica: each has its own connections to the API server, as two pods would.
    targets = await Promise.all([0, 1, 2].map(() => createKubeTarget({ config: config.kubernetes, env: kube.agentEnv(), logger })));
  });

  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  it('gives replicas that load a missing ConfigMap at the same moment one agent_id (20 rounds)', async () => {
    const config = testConfig().agent;
    for (let round = 0; round < 20; round++) {
      const name = `ha-race-${randomUUID().slice(0, 8)}`;
      const ids = await Promise.all(
        targets.map((target) => loadIdentity({ config, target, logger, store: new ConfigMapIdentityStore(target, kube.namespace, name) })),
      );
      expect(new Set(ids.map((i) => i.agentId)).size, `round ${round}`).to.equal(1);
      const cm = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/${name}`);
      expect(cm.json<{ data: Record<string, string> }>().data.agent_id).to.equal(ids[0].agentId);
    }
  });

  it('re-reads on 409 Conflict, so concurrent cluster_id writes all land on the latest version', async () => {
    const name = `ha-conflict-${randomUUID().slice(0, 8)}`;
    const stores = targets.map((target) => new ConfigMapIdentityStore(target, kube.namespace, name));
    await stores[0].save({ agent_id: 'agent-1', cluster_id: '' });
    // Every store writes at once from the same resourceVersion: all but one get 409 and must retry.
    const held = await Promise.all(stores.map((s) => s.save({ agent_id: 'agent-1', cluster_id: 'cluster-1' })));
    for (const h of held) expect(h).to.deep.equal({ agent_id: 'agent-1', cluster_id: 'cluster-1' });
    // adopt keeps what is stored; replace writes over it.
    expect(await stores[1].save({ agent_id: 'agent-2', cluster_id: 'cluster-2' }, 'adopt')).to.deep.equal({ agent_id: 'agent-1', cluster_id: 'cluster-1' });
    expect(await stores[2].load()).to.deep.equal({ agent_id: 'agent-1', cluster_id: 'cluster-1' });
    await stores[2].save({ agent_id: 'agent-1', cluster_id: 'cluster-3' });
    expect(await stores[0].load()).to.deep.equal({ agent_id: 'agent-1', cluster_id: 'cluster-3' });
  });
});
