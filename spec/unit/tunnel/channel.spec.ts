// Channel with a stand-in executor (the real one is exercised against the API
// server in spec/integration): routing, refusals and draining.
import { expect } from 'chai';
import pino from 'pino';
import { Channel } from '../../../lib/tunnel/channel.ts';
import type { FrameTransport } from '../../../lib/tunnel/send-queue.ts';
import type { ExecuteContext, ProxyExecutor } from '../../../lib/proxy/executor.ts';
import type { K8sProxyRequest, SessionMessage } from '../../../lib/protocol/types.ts';
import { loadConfig } from '../../../lib/config/load.ts';
import { abortError } from '../../../lib/errors.ts';
import { errorFrame, streamEndFrame } from '../../../lib/protocol/error-frames.ts';

const limits = loadConfig({ argv: ['config'], env: {} }).config.proxy;

class Recorder implements FrameTransport {
  frames: Record<string, unknown>[] = [];
  send(data: Buffer | string, _o: unknown, cb: (err?: Error) => void): void {
    this.frames.push(JSON.parse(String(data)) as Record<string, unknown>);
    setImmediate(cb);
  }
}

/** Holds every request open until its signal aborts, then answers like the executor does (as if its stream had started). */
function holdingExecutor(): ProxyExecutor & { started: K8sProxyRequest[] } {
  const started: K8sProxyRequest[] = [];
  return {
    started,
    execute(frame: K8sProxyRequest, ctx: ExecuteContext): Promise<void> {
      started.push(frame);
      return new Promise<void>((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          const why = abortError(ctx.signal.reason, 'CANCELLED');
          const done = frame.stream ? streamEndFrame(frame.id, ctx.streamId!, why) : errorFrame(frame.id, why);
          ctx.sink.write(done).then(resolve, () => resolve());
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
    expect(t.frames[0]).to.include({ id: 'b1', status_code: 400, error_code: 'FRAME_INVALID' });
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
    expect(t.frames).to.deep.include({ id: 'a', stream: true, stream_id: 'mine', done: true, error_code: 'CANCELLED', error: 'cancelled' });
  });

  it('drains: ends streams at once, non-stream requests when the grace runs out, then answers new frames with 503', async () => {
    send(channel, { id: 's', method: 'GET', path: '/api', stream: true });
    send(channel, { id: 'r', method: 'GET', path: '/api' });
    await tick();
    const drained = channel.drain('shutdown', 300);
    await tick();
    // The stream ends before the grace is over; the request still runs.
    expect(t.frames).to.deep.include({ id: 's', stream: true, stream_id: 's-1', done: true, error_code: 'SHUTTING_DOWN', error: 'shutdown' });
    expect(t.frames.some((f) => (f as { id?: string }).id === 'r')).to.equal(false);
    await drained;
    expect(t.frames).to.deep.include({ id: 'r', status_code: 503, error_code: 'SHUTTING_DOWN', error: 'shutdown' });
    send(channel, { id: 'late', method: 'GET', path: '/api' });
    send(channel, { id: 'late-stream', method: 'GET', path: '/api', stream: true });
    await tick();
    const refused = { status_code: 503, error_code: 'SHUTTING_DOWN', error: 'shutdown: the agent is not taking new requests' };
    expect(t.frames).to.deep.include({ id: 'late', ...refused });
    expect(t.frames).to.deep.include({ id: 'late-stream', ...refused, stream: true, done: true });
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

  describe('refusals before a stream started', () => {
    it('answer by id with the code, and never carry a stream_id, even one the request named', async () => {
      const few = { ...limits, max_concurrent_streams: 1 };
      channel = new Channel(t, { name: 'spec', executor: exec, limits: few, logger: pino({ level: 'silent' }) });
      send(channel, { id: 'open', method: 'GET', path: '/api', stream: true, stream_id: 'taken' });
      send(channel, { id: 'over', method: 'GET', path: '/api', stream: true, stream_id: 'taken' });
      send(channel, { id: 'open', method: 'GET', path: '/api', stream: true, stream_id: 'other' });
      await tick();
      const over = t.frames.find((f) => f.id === 'over');
      expect(over).to.deep.equal({
        id: 'over',
        status_code: 429,
        headers: { 'Retry-After': '1' },
        error_code: 'TOO_MANY_STREAMS',
        error: 'too many streams: proxy.max_concurrent_streams (1) are open',
        stream: true,
        done: true,
      });
      const duplicate = t.frames.find((f) => f.id === 'open');
      expect(duplicate).to.include({ status_code: 409, error_code: 'DUPLICATE_ID', stream: true, done: true });
      expect(duplicate).not.to.have.property('stream_id');
    });

    it('refuse an upgrade on a socket without upgraded streams with UPGRADE_DISABLED', async () => {
      channel = new Channel(t, { name: 'spec', executor: exec, version: 2, limits, logger: pino({ level: 'silent' }) });
      send(channel, { id: 'u', method: 'GET', path: '/api/v1/namespaces/a/pods/p/exec', stream: true, upgrade: true, stream_id: 'mine' });
      await tick();
      expect(t.frames).to.deep.equal([
        { id: 'u', status_code: 403, error_code: 'UPGRADE_DISABLED', error: 'refused by policy: upgraded streams are disabled', stream: true, done: true },
      ]);
      expect(channel.activeStreams).to.equal(0);
    });
  });

  it('answers a DATA or CANCEL frame for a stream that is not open with UNKNOWN_STREAM, and an oversized frame with TOO_LARGE', async () => {
    channel = new Channel(t, { name: 'spec', executor: exec, version: 2, limits: { ...limits, max_frame_bytes: 200 }, logger: pino({ level: 'silent' }) });
    send(channel, { id: 'd', method: 'DATA', stream_id: 'none', body: 'AAAA' });
    send(channel, { id: 'c', method: 'CANCEL', stream_id: 'none' });
    send(channel, { id: 'big', method: 'GET', path: `/api/${'a'.repeat(300)}` });
    await tick();
    expect(t.frames.map((f) => [f.id, f.status_code, f.error_code])).to.deep.equal([
      ['d', 404, 'UNKNOWN_STREAM'],
      ['c', 404, 'UNKNOWN_STREAM'],
      ['big', 413, 'TOO_LARGE'],
    ]);
  });
});
