// The agent's heartbeat reports what is really in the cluster: its node, pod,
// Deployment and Service counts equal what the API server lists, with kwok's
// nodes and a running Deployment in it, and follow a scale-up. The agent runs
// in-process against the reference control plane, which records heartbeats.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { startControlPlane, type ControlPlane } from '../../examples/reference/control-plane.ts';
import { silentLogger } from '../../examples/reference/log.ts';
import type { ClusterCounts } from '../../lib/kube/cluster-status.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { startSessionAgent, type SessionAgent } from '../support/session-agent.ts';

async function realCounts(): Promise<ClusterCounts> {
  const count = async (path: string): Promise<number> => (await kube.adminRequest('GET', path)).json<{ items: unknown[] }>().items.length;
  const [nodes, pods, deployments, services] = await Promise.all(
    ['/api/v1/nodes', '/api/v1/pods', '/apis/apps/v1/deployments', '/api/v1/services'].map(count),
  );
  return { nodes: nodes ?? -1, pods: pods ?? -1, deployments: deployments ?? -1, services: services ?? -1 };
}

/**
 * Resolves with the first heartbeat whose counts equal the API server's, listed right after it arrived
 * (other objects may still be settling, so a few heartbeats may pass first).
 */
async function heartbeatMatchingCluster(cp: ControlPlane, heartbeats = 20): Promise<ClusterCounts> {
  const seen: string[] = [];
  for (let i = 0; i < heartbeats; i++) {
    const { payload } = await cp.waitForHeartbeat({ timeoutMs: 15_000 });
    const real = await realCounts();
    if (JSON.stringify(payload.cluster) === JSON.stringify(real)) return payload.cluster;
    seen.push(`heartbeat ${JSON.stringify(payload.cluster)} vs listed ${JSON.stringify(real)}`);
  }
  throw new Error(`no heartbeat matched the cluster:\n${seen.join('\n')}`);
}

describe('heartbeat cluster counts (real cluster)', function () {
  this.timeout(90_000);
  const ns = `hb-${randomBytes(3).toString('hex')}`;
  let cp: ControlPlane;
  let agent: SessionAgent | undefined;

  before(async function () {
    const { pods } = await kube.runDeployment('counted', 3, ns);
    expect(pods).to.have.length(3);
    const svc = await kube.adminRequest('POST', `/api/v1/namespaces/${ns}/services`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'counted' },
      spec: { selector: { app: 'counted' }, ports: [{ port: 80 }] },
    });
    expect(svc.status, svc.text).to.equal(201);
    cp = await startControlPlane({ token: 'cp-token', heartbeatIntervalSeconds: 1, logger: silentLogger });
    agent = await startSessionAgent({ apiUrl: cp.url });
  });

  after(async function () {
    await agent?.stop();
    await cp.close();
    await kube.adminRequest('DELETE', `/api/v1/namespaces/${ns}`);
  });

  it('reports the nodes, pods, Deployments and Services the API server lists', async function () {
    const counts = await heartbeatMatchingCluster(cp);
    expect(counts.nodes).to.equal(kube.nodes.length);
    expect(counts.pods).to.be.at.least(3);
    expect(counts.deployments).to.be.at.least(1);
    // "kubernetes" in default, and ours
    expect(counts.services).to.be.at.least(2);
  });

  it('follows a scale-up of the Deployment', async function () {
    const before = await heartbeatMatchingCluster(cp);
    const scaled = await kube.adminRequest('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/counted/scale`, '{"spec":{"replicas":5}}', {
      'content-type': 'application/merge-patch+json',
    });
    expect(scaled.status, scaled.text).to.equal(200);
    let after = before;
    for (let i = 0; i < 20 && after.pods !== before.pods + 2; i++) after = await heartbeatMatchingCluster(cp);
    expect(after.pods).to.equal(before.pods + 2);
    expect(after.nodes).to.equal(before.nodes);
    expect(after.deployments).to.equal(before.deployments);
  });
});
