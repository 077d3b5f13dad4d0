// agent_id and cluster_id survive an agent restart: from a state file on a VM,
// from a ConfigMap in a cluster.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentConfig } from '../../lib/config/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { SessionServer } from '../support/session-server.ts';
import { startSessionAgent, until, type SessionAgent } from '../support/session-agent.ts';

describe('agent identity across restarts (real API server)', function () {
  this.timeout(60_000);
  let cp: SessionServer;
  let dir: string;
  let a: SessionAgent | undefined;
  let issued = 0;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'identity-it-'));
    // Like a real control plane: a new cluster_id for an agent that does not send one.
    cp = await new SessionServer({
      token: 'cp-token',
      onRegister: (m) => ({ kind: 'registered', payload: { cluster_id: m.payload.cluster_id ?? `cluster-${++issued}` } }),
    }).start();
  });

  afterEach(async () => {
    await a?.stop();
    a = undefined;
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const runOnce = async (configure: (c: AgentConfig) => void): Promise<{ agentId: string; clusterId: string }> => {
    a = await startSessionAgent({ apiUrl: cp.url, configure });
    const agent = a.agent;
    await until(() => agent.controlPlane?.registered === true, 'registered');
    await until(() => agent.identity.clusterId !== '', 'cluster id');
    const out = { agentId: agent.identity.agentId, clusterId: agent.identity.clusterId };
    await a.stop();
    a = undefined;
    return out;
  };

  it('keeps agent_id and cluster_id in the state file (state_store: file)', async () => {
    const file = join(dir, 'var', 'state.json');
    const configure = (c: AgentConfig): void => {
      c.agent.state_store = 'file';
      c.agent.state_file = file;
    };
    const first = await runOnce(configure);
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({ agent_id: first.agentId, cluster_id: first.clusterId });
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const second = await runOnce(configure);
    expect(second).to.deep.equal(first);
    const registers = cp.of('register');
    expect(registers).to.have.length(2);
    expect(registers[0].payload.cluster_id).to.equal(undefined);
    expect(registers[1].payload).to.include({ agent_id: first.agentId, cluster_id: first.clusterId });
  });

  it('keeps them in a ConfigMap in its namespace when running in a cluster (state_store: auto)', async () => {
    const name = 'agent-state-restart';
    const configure = (c: AgentConfig): void => {
      c.agent.state_store = 'auto';
      c.agent.state_configmap = name;
    };
    const first = await runOnce(configure);
    const second = await runOnce(configure);
    expect(second).to.deep.equal(first);
    const cm = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/${name}`);
    expect(cm.json<{ data: Record<string, string> }>().data).to.deep.equal({ agent_id: first.agentId, cluster_id: first.clusterId });
    expect(cp.of('register')[1].payload.cluster_id).to.equal(first.clusterId);
  });

  it('uses agent.id from the configuration over a stored one', async () => {
    const file = join(dir, 'state.json');
    const first = await runOnce((c) => {
      c.agent.state_store = 'file';
      c.agent.state_file = file;
    });
    const second = await runOnce((c) => {
      c.agent.state_store = 'file';
      c.agent.state_file = file;
      c.agent.id = 'pinned-agent';
    });
    expect(first.agentId).to.not.equal('pinned-agent');
    expect(second.agentId).to.equal('pinned-agent');
    expect(cp.of('register')[1].payload.agent_id).to.equal('pinned-agent');
  });
});
