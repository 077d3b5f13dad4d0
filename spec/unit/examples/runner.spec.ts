// The reference Runner and its client API against a fake agent (fake-agent.ts stands in for the real one).
import { expect } from 'chai';
import { silentLogger } from '../../../examples/reference/log.ts';
import { startRunner, type Runner } from '../../../examples/reference/runner.ts';
import { StreamEndedError, type StreamChunk } from '../../../examples/reference/stream-handle.ts';
import { b64, dial, FakeAgent, rejectionOf } from './fake-agent.ts';

const TOKEN = 'runner-token';

describe('reference Runner', () => {
  let runner: Runner;
  const agents: FakeAgent[] = [];

  async function agent(agentId = 'agent-1', clusterId = 'cluster-1'): Promise<FakeAgent> {
    const a = await FakeAgent.connect(runner.url, { token: TOKEN });
    agents.push(a);
    await a.hello(agentId, clusterId);
    await runner.waitForAgent({ agentId });
    return a;
  }

  beforeEach(async () => {
    runner = await startRunner({ token: TOKEN, logger: silentLogger, stream: { highWaterChunks: 4 } });
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
    await runner.close();
  });

  describe('upgrade', () => {
    it('listens at ws://127.0.0.1:<port>/ws/runner and describes itself as an assignment', () => {
      expect(runner.url).to.equal(`ws://127.0.0.1:${runner.port}/ws/runner`);
      expect(runner.assignment('r1')).to.deep.equal({ url: runner.url, token: TOKEN, name: 'r1' });
    });

    it('refuses a wrong Runner token with 401 and a missing subprotocol with 400', async () => {
      expect((await rejectionOf(dial(runner.url, { token: 'cp-token' }))).status).to.equal(401);
      expect((await rejectionOf(dial(runner.url, { token: TOKEN, protocols: ['x'] }))).status).to.equal(400);
    });
  });

  describe('hello', () => {
    it('must come first; until then the agent is not listed', async () => {
      const a = await FakeAgent.connect(runner.url, { token: TOKEN });
      agents.push(a);
      await a.send({ id: 'r1', status_code: 200 });
      expect(await a.next((m) => m.type === 'error')).to.have.nested.property('payload.code', 'hello_required');
      expect(runner.agents()).to.have.length(0);
      await a.hello('agent-1', 'cluster-1');
      const connected = await runner.waitForAgent();
      expect(connected).to.include({ agentId: 'agent-1', clusterId: 'cluster-1' });
      expect(connected.hello.capabilities).to.deep.equal(['proxy']);
    });

    it('answers an unknown type with unknown_type', async () => {
      const a = await agent();
      await a.send({ type: 'nope' });
      expect(await a.next((m) => m.type === 'error')).to.have.nested.property('payload.code', 'unknown_type');
    });

    it('picks an agent by agent id or cluster id', async () => {
      await agent('agent-1', 'cluster-1');
      const b = await agent('agent-2', 'cluster-2');
      const pending = runner.request({ method: 'GET', path: '/version' }, { clusterId: 'cluster-2' });
      const frame = await b.nextRequest();
      await b.send({ id: frame.id, status_code: 200 });
      expect((await pending).status_code).to.equal(200);
      expect(runner.agent({ agentId: 'agent-1' }).clusterId).to.equal('cluster-1');
      expect(() => runner.agent({ clusterId: 'cluster-9' })).to.throw(/no agent connected \(cluster_id=cluster-9\)/);
    });
  });

  describe('request', () => {
    it('generates ids and matches answers by id, in any order', async () => {
      const a = await agent();
      const first = runner.request({ method: 'GET', path: '/api/v1/namespaces' });
      const second = runner.request({ method: 'POST', path: '/api/v1/namespaces', body: b64('{}') });
      const f1 = await a.nextRequest();
      const f2 = await a.nextRequest();
      expect(f1.id).not.to.equal(f2.id);
      expect(f2).to.deep.include({ method: 'POST', path: '/api/v1/namespaces', body: b64('{}') });
      await a.send({ id: f2.id, status_code: 201 });
      await a.send({ id: f1.id, status_code: 200, body: b64('list') });
      expect((await second).status_code).to.equal(201);
      expect((await first).body).to.equal(b64('list'));
      expect(runner.agent().pending).to.equal(0);
    });

    it('rejects what is pending when the agent socket is lost', async () => {
      const a = await agent();
      const pending = runner.request({ method: 'GET', path: '/version' });
      await a.nextRequest();
      a.ws.terminate();
      expect((await rejectionOf(pending)).message).to.match(/socket closed/);
    });

    it('keeps the answer waiting while reads are paused', async () => {
      const a = await agent();
      const pending = runner.request({ method: 'GET', path: '/version' });
      const frame = await a.nextRequest();
      runner.readPaused = true;
      // The socket itself stops being read, so the answer stays in its buffer.
      expect(runner.agent().reading).to.equal(false);
      await a.send({ id: frame.id, status_code: 200 });
      expect(runner.agent().pending).to.equal(1);
      expect(runner.agent().reading).to.equal(false);
      runner.readPaused = false;
      expect((await pending).status_code).to.equal(200);
    });
  });

  describe('stream', () => {
    it('gives start, then each chunk, then ends at done', async () => {
      const a = await agent();
      const handle = runner.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: ['true'] } });
      const frame = await a.nextRequest();
      expect(frame).to.deep.include({ stream: true, stream_id: `s-${frame.id}` });
      const sid = frame.stream_id;
      await a.send({ id: frame.id, stream: true, stream_id: sid, status_code: 200, headers: { 'Content-Type': 'application/json' } });
      await a.send({ id: frame.id, stream: true, stream_id: sid, chunk: true, body: b64('{"type":"ADDED"}') });
      await a.send({ id: frame.id, stream: true, stream_id: sid, chunk: true, body: b64('{"type":"DELETED"}') });
      await a.send({ id: frame.id, stream: true, stream_id: sid, done: true });
      const start = await handle.start;
      expect(start).to.deep.include({ status_code: 200, stream_id: sid, done: false });
      const events = [];
      for await (const chunk of handle) events.push(JSON.parse(chunk.data.toString()) as { type: string });
      expect(events.map((e) => e.type)).to.deep.equal(['ADDED', 'DELETED']);
      expect(await handle.done).to.not.have.property('error');
    });

    it('cancel() sends CANCEL with the stream id and the iteration ends cleanly', async () => {
      const a = await agent();
      const handle = runner.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: ['1'] } });
      const frame = await a.nextRequest();
      await a.send({ id: frame.id, stream: true, stream_id: 'agent-sid', status_code: 200, headers: {} });
      await handle.start;
      const cancelled = handle.cancel();
      const cancel = await a.nextRequest();
      expect(cancel).to.deep.include({ method: 'CANCEL', stream_id: 'agent-sid' });
      expect(cancel.id).not.to.equal(frame.id);
      await a.send({ id: frame.id, stream: true, stream_id: 'agent-sid', done: true, error_code: 'CANCELLED', error: 'cancelled' });
      await a.send({ id: cancel.id, status_code: 200 });
      expect((await cancelled)?.status_code).to.equal(200);
      const chunks: StreamChunk[] = [];
      for await (const chunk of handle) chunks.push(chunk);
      expect(chunks).to.have.length(0);
      expect((await handle.done).error_code).to.equal('CANCELLED');
    });

    it('throws from the iteration when the stream ends abnormally, after the chunks it had', async () => {
      const a = await agent();
      const handle = runner.stream({ method: 'GET', path: '/api/v1/namespaces/default/pods/p/log', query: { follow: ['true'] } });
      const frame = await a.nextRequest();
      await a.send({ id: frame.id, stream: true, stream_id: frame.stream_id, status_code: 200 });
      await a.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('line 1\n') });
      await a.send({ id: frame.id, stream: true, stream_id: frame.stream_id, done: true, error_code: 'SHUTTING_DOWN', error: 'shutdown' });
      const seen: string[] = [];
      const err = await rejectionOf(
        (async () => {
          for await (const chunk of handle) seen.push(chunk.data.toString());
        })(),
      );
      expect(seen).to.deep.equal(['line 1\n']);
      expect(err).to.be.instanceOf(StreamEndedError);
      expect(err).to.include({ code: 'SHUTTING_DOWN' });
      expect(err.message).to.match(/shutdown/);
      expect((await handle.done).error).to.equal('shutdown');
    });

    it('takes a single non-2xx frame as the whole answer', async () => {
      const a = await agent();
      const handle = runner.stream({ method: 'GET', path: '/api/v1/nope', query: { watch: ['true'] } });
      const frame = await a.nextRequest();
      await a.send({ id: frame.id, stream: true, stream_id: frame.stream_id, status_code: 404, body: b64('{"kind":"Status"}'), done: true });
      const start = await handle.start;
      expect(start).to.include({ status_code: 404, done: true });
      expect(start.body?.toString()).to.equal('{"kind":"Status"}');
    });

    it('takes an agent error answered without stream fields as the end', async () => {
      const a = await agent();
      const handle = runner.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: ['true'] } });
      const frame = await a.nextRequest();
      await a.send({ id: frame.id, status_code: 429, error: 'too many streams' });
      expect((await handle.start).status_code).to.equal(429);
      expect((await handle.done).error).to.equal('too many streams');
    });

    it('fails start, done and the iteration when the socket is lost', async () => {
      const a = await agent();
      const handle = runner.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: ['true'] } });
      await a.nextRequest();
      a.ws.terminate();
      expect(await rejectionOf(handle.start)).to.be.instanceOf(StreamEndedError);
      await rejectionOf(handle.done);
      await rejectionOf(handle.next());
    });

    it('leaving a for-await early cancels the stream', async () => {
      const a = await agent();
      const handle = runner.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: ['true'] } });
      const frame = await a.nextRequest();
      await a.send({ id: frame.id, stream: true, stream_id: frame.stream_id, status_code: 200 });
      await a.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('{}') });
      const leaving = (async () => {
        for await (const _chunk of handle) break;
      })();
      const cancel = await a.nextRequest();
      expect(cancel).to.deep.include({ method: 'CANCEL', stream_id: frame.stream_id });
      await a.send({ id: cancel.id, status_code: 200 });
      await leaving;
    });
  });
});

