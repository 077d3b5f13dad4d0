// The agent against a test control plane and the real API server: register,
// re-register, Runner assignment, heartbeats with real counts, /ready and
// /metrics as the session comes and goes.
import { expect } from 'chai';
import { createServer } from 'node:net';
import { request } from 'undici';
import type { HeartbeatMessage, HelloMessage } from '../../lib/protocol/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { parsePrometheus, sampleValue } from '../support/prometheus-text.ts';
import { SessionServer } from '../support/session-server.ts';
import { startSessionAgent, until, type SessionAgent } from '../support/session-agent.ts';

async function get(url: string, accept?: string): Promise<{ status: number; body: string }> {
  const res = await request(url, accept ? { headers: { accept } } : {});
  return { status: res.statusCode, body: await res.body.text() };
}

describe('control-plane session (real API server)', function () {
  this.timeout(60_000);
  let cp: SessionServer;
  let runners: SessionServer;
  let a: SessionAgent | undefined;
  let configMap: string;
  let n = 0;

  beforeEach(async () => {
    configMap = `agent-state-session-${++n}`;
    cp = await new SessionServer({
      token: 'cp-token',
      onRegister: () => ({ kind: 'registered', payload: { cluster_id: 'cluster-42', heartbeat_interval_seconds: 1 } }),
    }).start();
    runners = await new SessionServer({ token: 'runner-token' }).start();
  });

  afterEach(async () => {
    await a?.stop();
    a = undefined;
    await Promise.all([cp.stop(), runners.stop()]);
  });

  const start = async (): Promise<SessionAgent> => {
    a = await startSessionAgent({ apiUrl: cp.url, configure: (c) => (c.agent.state_configmap = configMap) });
    return a;
  };

  it('registers with the API server version and keeps agent_id and cluster_id in its ConfigMap', async () => {
    const { agent } = await start();
    await until(() => agent.controlPlane?.registered === true, 'registered');
    const register = cp.of('register')[0];
    const version = (await kube.adminRequest('GET', '/version')).json<{ gitVersion: string }>().gitVersion;
    expect(register.payload).to.include({ agent_id: agent.identity.agentId, cluster_name: 'test-cluster', kubernetes_version: version });
    expect(register.payload.capabilities).to.include('k8s-proxy');
    expect(register.payload).to.not.have.property('cluster_id');
    await until(async () => {
      const cm = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/${configMap}`);
      return cm.status === 200 && cm.json<{ data: Record<string, string> }>().data.cluster_id === 'cluster-42';
    }, 'cluster_id in the ConfigMap');
    const cm = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/${configMap}`);
    expect(cm.json<{ data: Record<string, string> }>().data.agent_id).to.equal(agent.identity.agentId);
  });

  it('re-registers with its cluster_id after the control plane drops the socket', async () => {
    const { agent } = await start();
    await until(() => agent.controlPlane?.registrations === 1, 'registered');
    cp.dropAll();
    await until(() => agent.controlPlane?.registrations === 2, 're-registered');
    const registers = cp.of('register');
    expect(registers).to.have.length(2);
    expect(registers[1].payload.agent_id).to.equal(registers[0].payload.agent_id);
    expect(registers[1].payload.cluster_id).to.equal('cluster-42');
    expect(cp.open).to.have.length(1);
  });

  it('flips /ready 503 → 200 → 503 → 200 as the control plane comes and goes', async () => {
    await cp.stop();
    const { agent } = await start();
    const ready = (): Promise<{ status: number; body: string }> => get(`${agent.health.url}/ready`);
    const first = await ready();
    expect(first.status).to.equal(503);
    expect((JSON.parse(first.body) as { reasons: string[] }).reasons).to.include('not connected to the control plane');
    await cp.start();
    await until(async () => (await ready()).status === 200, '/ready 200');
    expect((await get(`${agent.health.url}/health`)).status).to.equal(200);
    await cp.stop();
    await until(async () => (await ready()).status === 503, '/ready 503 after the control plane left');
    await cp.start();
    await until(async () => (await ready()).status === 200, '/ready 200 again');
  });

  it('without a control plane, is ready while a static Runner is connected', async () => {
    a = await startSessionAgent({
      apiUrl: '',
      configure: (c) => {
        c.runners = [{ url: runners.runnerUrl('static'), token: 'runner-token', name: 'static' }];
        c.agent.state_configmap = configMap;
      },
    });
    const url = `${a.agent.health.url}/ready`;
    await until(async () => (await get(url)).status === 200, '/ready 200 with the static Runner connected');
    expect(runners.open).to.have.length(1);
    await runners.stop();
    const down = await get(url);
    expect(down.status).to.equal(503);
    expect((JSON.parse(down.body) as { reasons: string[] }).reasons).to.deep.equal(['no static runner is connected']);
    await runners.start();
    await until(async () => (await get(url)).status === 200, '/ready 200 after the Runner came back');
  });

  it('sends heartbeats whose counts follow the objects in the cluster', async () => {
    const { agent } = await start();
    const first = (await cp.waitFor((m) => m.type === 'heartbeat', { past: true })).message as HeartbeatMessage;
    expect(first.payload).to.include({ agent_id: agent.identity.agentId, cluster_id: 'cluster-42', status: 'healthy' });
    expect(first.payload.connections).to.deep.equal({ control_plane: true, runners: 0 });
    const before = first.payload.cluster.services;
    const ns = kube.namespace;
    for (let i = 0; i < 3; i++) {
      const created = await kube.adminRequest('POST', `/api/v1/namespaces/${ns}/services`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `hb-svc-${i}` },
        spec: { ports: [{ port: 80 + i }] },
      });
      expect(created.status).to.equal(201);
    }
    try {
      const later = (await cp.waitFor((m) => m.type === 'heartbeat' && m.payload.cluster.services === before + 3, { timeoutMs: 10_000 }))
        .message as HeartbeatMessage;
      expect(later.payload.status).to.equal('healthy');
      const nodes = (await kube.adminRequest('GET', '/api/v1/nodes')).json<{ items: unknown[] }>().items.length;
      const pods = (await kube.adminRequest('GET', '/api/v1/pods')).json<{ items: unknown[] }>().items.length;
      expect(later.payload.cluster.nodes).to.equal(nodes);
      expect(later.payload.cluster.pods).to.equal(pods);
      // the JSON metrics show the same counts
      const metrics = JSON.parse((await get(`${agent.health.url}/metrics`)).body) as { cluster: { services: number } };
      expect(metrics.cluster.services).to.equal(before + 3);
    } finally {
      for (let i = 0; i < 3; i++) await kube.adminRequest('DELETE', `/api/v1/namespaces/${ns}/services/hb-svc-${i}`);
    }
  });

  it('dials assigned Runners with hello first and follows add, remove and replace with one socket each', async () => {
    const { agent } = await start();
    await until(() => agent.controlPlane?.registered === true, 'registered');
    const r1 = { url: runners.runnerUrl('r1'), token: 'runner-token', name: 'r1' };
    const r2 = { url: runners.runnerUrl('r2'), token: 'runner-token', name: 'r2' };
    cp.pushRunners([r1, r2]);
    await until(() => runners.open.length === 2, 'two runner sockets');
    await until(() => runners.received.length === 2, 'two hellos');
    for (const c of runners.connections) {
      const hello = c.received[0].message as HelloMessage;
      expect(hello.type).to.equal('hello');
      expect(hello.payload).to.include({ agent_id: agent.identity.agentId, cluster_id: 'cluster-42', cluster_name: 'test-cluster' });
    }
    const [c1, c2] = runners.connections;
    // remove r1
    cp.pushRunners([r2]);
    await c1.closed;
    expect(c2.ws.readyState).to.equal(c2.ws.OPEN);
    // replace r2 by r3
    const r3 = { url: runners.runnerUrl('r3'), token: 'runner-token', name: 'r3' };
    cp.pushRunners([r3]);
    await c2.closed;
    await until(() => runners.open.length === 1 && runners.connections.length === 3, 'r3 connected');
    // the same set again changes nothing
    cp.pushRunners([r3]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runners.connections).to.have.length(3);
    expect(runners.open).to.have.length(1);
    expect(agent.runners.connected).to.equal(1);
    // losing the control plane does not take the Runner down
    await cp.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runners.open).to.have.length(1);
    expect(runners.connections).to.have.length(3);
  });

  it('counts proxied requests in both metrics formats', async () => {
    const { agent } = await start();
    await until(() => agent.controlPlane?.registered === true, 'registered');
    for (let i = 0; i < 3; i++) {
      const res = await cp.proxy({ id: `list-${i}`, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/services` });
      expect(res.status_code).to.equal(200);
    }
    const bad = await cp.proxy({ id: 'bad', method: 'GET', path: '/api/v1/../secrets' });
    expect(bad.status_code).to.equal(403);
    const json = JSON.parse((await get(`${agent.health.url}/metrics`)).body) as { proxy: { requests_per_minute: number }; connections: { control_plane: boolean } };
    expect(json.proxy.requests_per_minute).to.equal(4);
    expect(json.connections.control_plane).to.equal(true);
    const m = parsePrometheus((await get(`${agent.health.url}/metrics`, 'text/plain;version=0.0.4')).body);
    expect(sampleValue(m, 'pipeops_agent_proxy_requests_total', { verb: 'GET', code: '200' })).to.equal(3);
    expect(sampleValue(m, 'pipeops_agent_proxy_requests_total', { verb: 'GET', code: '403' })).to.equal(1);
    expect(sampleValue(m, 'pipeops_agent_proxy_request_duration_seconds_count', { verb: 'GET', status: '2xx' })).to.equal(3);
    expect(sampleValue(m, 'pipeops_agent_proxy_bytes_total', { direction: 'downstream' })).to.be.greaterThan(0);
    expect(sampleValue(m, 'pipeops_agent_registered')).to.equal(1);
    expect(sampleValue(m, 'pipeops_agent_heartbeats_total')).to.be.greaterThan(0);
    expect(m.get('process_cpu_user_seconds_total')?.type).to.equal('counter');
  });

  it('reports degraded with a reason and is not ready while the API server does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    a = await startSessionAgent({ apiUrl: cp.url, apiPort: port, apiProbeInterval: 200 });
    const hb = (await cp.waitFor((m) => m.type === 'heartbeat', { past: true, timeoutMs: 15_000 })).message as HeartbeatMessage;
    expect(hb.payload.status).to.equal('degraded');
    expect(hb.payload.reason).to.match(/cannot count cluster objects: .*ECONNREFUSED/);
    expect((cp.of('register')[0]).payload.kubernetes_version).to.equal('unknown');
    const ready = await get(`${a.agent.health.url}/ready`);
    expect(ready.status).to.equal(503);
    expect((JSON.parse(ready.body) as { reasons: string[] }).reasons.join('\n')).to.match(/API server has not answered.*ECONNREFUSED/);
    expect(a.agent.controlPlane?.registered).to.equal(true);
  });
});
