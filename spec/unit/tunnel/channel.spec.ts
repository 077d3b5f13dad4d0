// Channel with a stand-in executor (the real one is exercised against the API
// server in spec/integration): routing, refusals and draining.
import { expect } from 'chai';
import pino from 'pino';
import { Channel } from '../../../lib/tunnel/channel.ts';
import type { FrameTransport } from '../../../lib/tunnel/send-queue.ts';
import type { ExecuteContext, ProxyExecutor } from '../../../lib/proxy/executor.ts';
import type { K8sProxyRequest, SessionMessage } from '../../../lib/protocol/types.ts';
import { loadConfig } from '../../../lib/config/load.ts';

const limits = loadConfig({ argv: ['config'], env: {} }).config.proxy;

class Recorder implements FrameTransport {
  frames: Record<string, unknown>[] = [];
  send(data: Buffer | string, _o: unknown, cb: (err?: Error) => void): void {
    this.frames.push(JSON.parse(String(data)) as Record<string, unknown>);
    setImmediate(cb);
  }
}

/** Holds every request open until its signal aborts, then answers like the executor does. */
function holdingExecutor(): ProxyExecutor & { started: K8sProxyRequest[] } {
  const started: K8sProxyRequest[] = [];
  return {
    started,
    execute(frame: K8sProxyRequest, ctx: ExecuteContext): Promise<void> {
      started.push(frame);
      return new Promise<void>((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          const done = frame.stream
            ? { id: frame.id, stream: true, stream_id: ctx.streamId, done: true, error: String(ctx.signal.reason) }
            : { id: frame.id, status_code: 503, error: String(ctx.signal.reason) };
          ctx.sink.write(JSON.stringify(done)).then(resolve, () => resolve());
        });
      });
    },
  } as unknown as ProxyExecutor & { started: K8sProxyRequest[] };
}

const tick = () => new Promise((r) => setImmediate(r));
const send = (c: Channel, frame: unknown) => c.receive(Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame)), false);

describe('Channel', () => {
  let t: Recorder;
  let exec: ReturnType<typeof holdingExecutor>;
  let sessions: SessionMessage[];
  let channel: Channel;
  beforeEach(() => {
    t = new Recorder();
    exec = holdingExecutor();
    sessions = [];
    channel = new Channel(t, { name: 'spec', executor: exec, limits, logger: pino({ level: 'silent' }), onSession: (m) => sessions.push(m) });
  });

  it('routes session messages to the owner and answers unknown types with error unknown_type', async () => {
    send(channel, { type: 'heartbeat_ack', payload: {} });
    send(channel, { type: 'surprise', id: 'x1' });
    await tick();
    expect(sessions.map((s) => s.type)).to.deep.equal(['heartbeat_ack']);
    expect(t.frames).to.deep.equal([{ type: 'error', id: 'x1', payload: { code: 'unknown_type', message: 'unknown message type "surprise"' } }]);
  });

  it('answers a binary message with 400', async () => {
    channel.receive(Buffer.from('{"id":"b1","method":"GET","path":"/api"}'), true);
    await tick();
    expect(t.frames[0]).to.include({ id: 'b1', status_code: 400 });
  });

  it('assigns the requested stream_id when free and generates one otherwise', async () => {
    send(channel, { id: 'a', method: 'GET', path: '/api', stream: true, stream_id: 'mine' });
    send(channel, { id: 'b', method: 'GET', path: '/api', stream: true, stream_id: 'mine' });
    await tick();
    expect(channel.activeStreams).to.equal(2);
    send(channel, { id: 'c1', method: 'CANCEL', stream_id: 'mine' });
    await tick();
    await tick();
    expect(t.frames).to.deep.include({ id: 'c1', status_code: 200 });
    expect(t.frames).to.deep.include({ id: 'a', stream: true, stream_id: 'mine', done: true, error: 'cancelled' });
  });

  it('drains: ends every request with the reason, then answers new frames with 503', async () => {
    send(channel, { id: 's', method: 'GET', path: '/api', stream: true });
    send(channel, { id: 'r', method: 'GET', path: '/api' });
    await tick();
    await channel.drain('shutdown', 1000);
    expect(t.frames).to.deep.include({ id: 's', stream: true, stream_id: 's-1', done: true, error: 'shutdown' });
    expect(t.frames).to.deep.include({ id: 'r', status_code: 503, error: 'shutdown' });
    send(channel, { id: 'late', method: 'GET', path: '/api' });
    send(channel, { id: 'late-stream', method: 'GET', path: '/api', stream: true });
    await tick();
    expect(t.frames).to.deep.include({ id: 'late', status_code: 503, error: 'shutdown: the agent is not taking new requests' });
    expect(t.frames).to.deep.include({ id: 'late-stream', status_code: 503, error: 'shutdown: the agent is not taking new requests', stream: true, done: true });
    expect(exec.started.map((f) => f.id)).to.deep.equal(['s', 'r']);
  });

  it('aborts everything when the socket is lost, without writing', async () => {
    send(channel, { id: 's', method: 'GET', path: '/api', stream: true });
    await tick();
    const before = t.frames.length;
    channel.lost();
    await tick();
    expect(t.frames.length).to.equal(before);
    expect(channel.activeStreams).to.equal(0);
  });
});
