// The reference control plane against a fake agent (fake-agent.ts stands in for the real one).
import { expect } from 'chai';
import { startControlPlane, type ControlPlane } from '../../../examples/reference/control-plane.ts';
import { createLogSink } from '../../../examples/reference/log.ts';
import type { RunnerAssignment } from '../../../lib/protocol/types.ts';
import { b64, dial, FakeAgent, rejectionOf } from './fake-agent.ts';

const TOKEN = 'cp-token';
const RUNNER: RunnerAssignment = { url: 'ws://127.0.0.1:1/ws/runner', token: 'runner-token', name: 'r1' };

describe('reference control plane', () => {
  let cp: ControlPlane;
  let sink: ReturnType<typeof createLogSink>;
  const agents: FakeAgent[] = [];

  async function agent(): Promise<FakeAgent> {
    const a = await FakeAgent.connect(cp.wsUrl, { token: TOKEN });
    agents.push(a);
    return a;
  }

  beforeEach(async () => {
    sink = createLogSink();
    cp = await startControlPlane({ token: TOKEN, runners: [RUNNER], heartbeatIntervalSeconds: 5, logger: sink });
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
    await cp.close();
  });

  describe('upgrade', () => {
    it('gives the agent its pipeops.api_url and the socket URL under /ws/agent', () => {
      expect(cp.url).to.equal(`http://127.0.0.1:${cp.port}`);
      expect(cp.wsUrl).to.equal(`ws://127.0.0.1:${cp.port}/ws/agent`);
    });

    it('refuses a wrong or missing bearer token with 401', async () => {
      expect((await rejectionOf(dial(cp.wsUrl, { token: 'nope' }))).status).to.equal(401);
      expect((await rejectionOf(dial(cp.wsUrl))).status).to.equal(401);
      expect(sink.lines.some((l) => l.msg === 'agent refused' && l.status === 401)).to.equal(true);
      expect(JSON.stringify(sink.lines)).not.to.include('nope');
    });

    it('refuses an agent that does not offer pipeops.agent.v1 with 400', async () => {
      expect((await rejectionOf(dial(cp.wsUrl, { token: TOKEN, protocols: ['other.v1'] }))).status).to.equal(400);
      expect((await rejectionOf(dial(cp.wsUrl, { token: TOKEN, protocols: [] }))).status).to.equal(400);
    });

    it('selects pipeops.agent.v1', async () => {
      const a = await agent();
      expect(a.ws.protocol).to.equal('pipeops.agent.v1');
    });

    it('accepts permessage-deflate when the agent offers it', async () => {
      const a = await agent();
      expect(a.ws.extensions).to.include('permessage-deflate');
    });

    it('serves the socket only at /ws/agent', async () => {
      expect((await rejectionOf(dial(`${cp.wsUrl}x`, { token: TOKEN }))).status).to.equal(404);
    });
  });

  describe('register', () => {
    it('answers with registered: the register id, a cluster id, the heartbeat interval and the Runners', async () => {
      const a = await agent();
      const registered = await a.register('agent-1');
      expect(registered).to.deep.include({ type: 'registered', id: 'reg-agent-1' });
      const payload = registered.payload as Record<string, unknown>;
      expect(payload.cluster_id).to.be.a('string').and.not.equal('');
      expect(payload.heartbeat_interval_seconds).to.equal(5);
      expect(payload.runners).to.deep.equal([RUNNER]);
      const record = await cp.waitForRegister({ agentId: 'agent-1' });
      expect(record).to.include({ agentId: 'agent-1', clusterId: payload.cluster_id, connected: true });
    });

    it('keeps the cluster id of an agent_id across reconnects', async () => {
      const first = await agent();
      const one = (await first.register('agent-1')).payload as { cluster_id: string };
      await first.close();
      const second = await agent();
      const two = (await second.register('agent-1')).payload as { cluster_id: string };
      expect(two.cluster_id).to.equal(one.cluster_id);
      const other = (await (await agent()).register('agent-2')).payload as { cluster_id: string };
      expect(other.cluster_id).not.to.equal(one.cluster_id);
    });

    it('reuses the cluster id the agent sends', async () => {
      const a = await agent();
      const registered = await a.register('agent-1', { cluster_id: 'cluster-kept' });
      expect(registered.payload).to.have.property('cluster_id', 'cluster-kept');
    });

    it('answers an invalid register with an error naming the field, and keeps the socket', async () => {
      const a = await agent();
      await a.send({ type: 'register', id: 'r1', payload: { agent_name: 'x' } });
      const error = await a.next((m) => m.type === 'error');
      expect(error).to.deep.include({ id: 'r1' });
      expect((error.payload as { code: string }).code).to.equal('invalid_message');
      expect((error.payload as { message: string }).message).to.match(/agent_id/);
      expect((await a.register('agent-1')).type).to.equal('registered');
    });

    it('waitForRegister resolves at once for an agent already registered', async () => {
      await (await agent()).register('agent-1');
      const record = await cp.waitForRegister({ timeoutMs: 50 });
      expect(record.agentId).to.equal('agent-1');
    });

    it('waitForRegister fails after its timeout', async () => {
      expect((await rejectionOf(cp.waitForRegister({ timeoutMs: 30 }))).message).to.match(/no register within 30 ms/);
    });
  });

  describe('heartbeat', () => {
    it('records the last heartbeat per agent, acknowledges it and logs it', async () => {
      const a = await agent();
      const { cluster_id } = (await a.register('agent-1')).payload as { cluster_id: string };
      const seen = cp.waitForHeartbeat({ agentId: 'agent-1' });
      await a.heartbeat('agent-1', cluster_id, 'degraded');
      const heartbeat = await seen;
      expect(heartbeat.payload.status).to.equal('degraded');
      expect(cp.lastHeartbeat('agent-1')).to.equal(heartbeat);
      expect(cp.agents()[0]?.heartbeats).to.equal(1);
      expect(await a.next((m) => m.type === 'heartbeat_ack')).to.have.property('payload');
      const line = sink.lines.find((l) => l.msg === 'heartbeat');
      expect(line).to.include({ agent_id: 'agent-1', status: 'degraded' });
    });

    it('shows agents and their last heartbeat at GET /agents, to the token holder only', async () => {
      const a = await agent();
      const { cluster_id } = (await a.register('agent-1')).payload as { cluster_id: string };
      const seen = cp.waitForHeartbeat();
      await a.heartbeat('agent-1', cluster_id);
      await seen;
      expect((await fetch(`${cp.url}/agents`)).status).to.equal(401);
      const res = await fetch(`${cp.url}/agents`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = (await res.json()) as { agent_id: string; cluster_id: string; connected: boolean; last_heartbeat: { status: string } }[];
      expect(body).to.have.length(1);
      expect(body[0]).to.deep.include({ agent_id: 'agent-1', cluster_id, connected: true });
      expect(body[0]?.last_heartbeat.status).to.equal('healthy');
    });

    it('answers a heartbeat before register with not_registered', async () => {
      const a = await agent();
      await a.heartbeat('agent-1', 'c');
      const error = await a.next((m) => m.type === 'error');
      expect(error.payload).to.have.property('code', 'not_registered');
      expect(cp.lastHeartbeat('agent-1')).to.equal(undefined);
    });
  });

  describe('runners', () => {
    it('setRunners pushes the full new set to every registered agent', async () => {
      const a = await agent();
      await a.register('agent-1');
      const next = [RUNNER, { url: 'ws://127.0.0.1:2/ws/runner', token: 't2', name: 'r2' }];
      await cp.setRunners(next);
      const message = await a.next((m) => m.type === 'runners');
      expect(message.payload).to.deep.equal({ runners: next });
      // and the next register gets the new set too
      const b = await agent();
      expect((await b.register('agent-2')).payload).to.have.deep.property('runners', next);
    });
  });

  describe('other messages', () => {
    it('answers an unknown type with unknown_type and stays up', async () => {
      const a = await agent();
      await a.send({ type: 'bogus', id: 'x1', payload: {} });
      const error = await a.next((m) => m.type === 'error');
      expect(error).to.deep.equal({ type: 'error', id: 'x1', payload: { code: 'unknown_type', message: 'unknown message type "bogus"' } });
      expect((await a.register('agent-1')).type).to.equal('registered');
    });

    it('answers a message that is not JSON with invalid_message', async () => {
      const a = await agent();
      a.ws.send('{not json');
      const error = await a.next((m) => m.type === 'error');
      expect(error.payload).to.have.property('code', 'invalid_message');
    });
  });

  describe('proxy frames from the control plane', () => {
    it('sends a request over the agent socket and matches the answer by id', async () => {
      const a = await agent();
      await a.register('agent-1');
      const pending = cp.client('agent-1').request({ method: 'GET', path: '/version' });
      const frame = await a.nextRequest();
      expect(frame).to.deep.include({ method: 'GET', path: '/version' });
      await a.send({ id: frame.id, status_code: 200, headers: { 'Content-Type': 'application/json' }, body: b64('{"major":"1"}') });
      const answer = await pending;
      expect(Buffer.from(answer.body ?? '', 'base64').toString()).to.equal('{"major":"1"}');
    });
  });

  describe('dropAgents', () => {
    it('closes every agent socket and marks the agents disconnected', async () => {
      const a = await agent();
      await a.register('agent-1');
      const closed = new Promise<number>((resolve) => a.ws.once('close', (code) => resolve(code)));
      cp.dropAgents();
      expect(await closed).to.equal(1012);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(cp.agents()[0]?.connected).to.equal(false);
      await rejectionOf(cp.waitForRegister({ timeoutMs: 30 }));
    });
  });
});
