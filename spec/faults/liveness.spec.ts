// A Runner link that goes silent without closing (half-open) is noticed by
// ping/pong within about two ping intervals; a Runner that stops reading only
// pauses its own streams while a second Runner keeps being served, and the
// agent does not buffer what it cannot send.
import { expect } from 'chai';
import { FaultProxy } from '../../testkit/fault-proxy.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { startTestAgent } from '../support/agent.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { delay, eventually, expectTerminalFrames, logLines, trackHandles } from './helpers.ts';

const PING_MS = 500;
const SLOW_NS = 'pipeops-fault-slow';
// 42 × 600 KiB: more than the loopback socket buffers and the agent's send queue hold together, so a Runner that
// stops reading makes the list wait in the agent.
const LIST_ITEMS = 42;

describe('faults: liveness and a Runner that stops reading', function () {
  this.timeout(90_000);

  before(async () => {
    const ns = await kube.adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SLOW_NS } });
    expect(ns.status).to.be.oneOf([201, 409]);
    const payload = 'z'.repeat(600 * 1024);
    for (let i = 0; i < LIST_ITEMS; i += 6) {
      const batch = [];
      for (let j = i; j < i + 6; j++) {
        batch.push(kube.adminRequest('POST', `/api/v1/namespaces/${SLOW_NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${j}` }, data: { payload } }));
      }
      for (const r of await Promise.all(batch)) expect(r.status).to.be.oneOf([201, 409]);
    }
  });

  it(`notices a half-open Runner socket once two ping intervals (${PING_MS} ms) pass in silence, and redials`, async () => {
    const handles = trackHandles();
    const peer = await new Peer({ token: 'rt' }).listen();
    const fp = await new FaultProxy('127.0.0.1', peer.port).listen();
    const t = await startTestAgent({
      configure: (c) => {
        c.pipeops.ping_interval = PING_MS;
        // A redial made while the link is still half-open hangs in its handshake until this timeout, then retries.
        c.pipeops.timeout = 2000;
        c.runners = [{ url: `ws://127.0.0.1:${fp.port}/ws/runner`, token: 'rt', name: 'silent' }];
      },
    });
    try {
      const conn = await peer.connection();
      await conn.next((f) => f.type === 'hello');
      conn.send({ id: 'hw', method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['1'] }, stream: true });
      await conn.next((f) => f.id === 'hw' && f.status_code === 200);
      await delay(PING_MS); // some pongs have gone through
      fp.halfOpen();
      const dead = () => logLines(t.logs).find((l) => l.msg === 'no pong or traffic for two ping intervals; redialling');
      await eventually(() => dead() !== undefined, 60 * PING_MS, 'the liveness check');
      // The agent's own measure of the silence it acted on: never before two intervals. How soon after that it
      // noticed depends on the scheduler of a loaded machine, so it is reported, not bounded.
      const silentMs = Number(dead()?.silentMs);
      expect(silentMs).to.be.at.least(2 * PING_MS);
      process.stderr.write(`      [liveness] declared dead after ${silentMs} ms of silence (ping every ${PING_MS} ms)\n`);
      // The Runner side never saw a close: the link is half-open.
      expect(conn.ws.readyState).to.equal(conn.ws.OPEN);
      // The stream of the dead socket was ended upstream, not left running.
      await eventually(() => t.agent.runners.activeStreams === 0, 3000, 'no active stream');
      fp.pass();
      const again = await peer.nextConnection(60_000);
      expect((await again.request({ id: 'after-silence', method: 'GET', path: '/version' })).status_code).to.equal(200);
      expectTerminalFrames(again, ['after-silence']);
      // Lost with its socket: the watch on the silent link got no second terminal frame.
      expectTerminalFrames(conn, ['hw'], { lost: true });
    } finally {
      await t.stop();
      await fp.close();
      await peer.close();
    }
    await handles.expectNone();
  });

  it('pauses the streams of a Runner that stops reading while a second Runner is served, with memory bounded', async () => {
    const handles = trackHandles();
    const slow = await new Peer({ token: 'a' }).listen();
    const fast = await new Peer({ token: 'b' }).listen();
    const t = await startTestAgent({
      level: 'info',
      configure: (c) => {
        c.runners = [
          { url: slow.url, token: 'a', name: 'slow' },
          { url: fast.url, token: 'b', name: 'fast' },
        ];
      },
    });
    try {
      const a = await slow.connection();
      const b = await fast.connection();
      a.send({ id: 'big', method: 'GET', path: `/api/v1/namespaces/${SLOW_NS}/configmaps`, stream: true });
      await a.next((f) => f.id === 'big' && f.status_code === 200);
      a.pause();
      // The socket stops draining, and the list's next chunk waits in the agent's send queue: that is where its
      // stream pauses, since a stream awaits its write before it reads more from the API server.
      await eventually(() => t.agent.runners.backlogBytes > 0, 60_000, 'the slow stream to wait on its socket');

      // The other Runner is served meanwhile: GETs, a watch and a list.
      for (let i = 0; i < 20; i++) expect((await b.request({ id: `fast-${i}`, method: 'GET', path: '/version' })).status_code).to.equal(200);
      b.send({ id: 'fast-list', method: 'GET', path: `/api/v1/namespaces/${SLOW_NS}/configmaps`, stream: true });
      const fastDone = await b.next((f) => f.id === 'fast-list' && f.done === true, 60_000);
      expect(fastDone.error).to.equal(undefined);
      // All that while the slow stream held one frame in the agent, not the list it could not send.
      const waiting = t.agent.runners.backlogBytes;
      expect(waiting, 'bytes waiting for the slow socket').to.be.above(0).and.below(1024 * 1024);

      a.resume();
      const done = await a.next((f) => f.id === 'big' && f.done === true, 60_000);
      expect(done.error).to.equal(undefined);
      const bytes = a.framesFor('big').filter((f) => f.chunk).reduce((n, f) => n + Buffer.from(f.body ?? '', 'base64').length, 0);
      expect(bytes).to.be.greaterThan(LIST_ITEMS * 600 * 1024);
      expectTerminalFrames(a, ['big']);
      expectTerminalFrames(b, [...Array.from({ length: 20 }, (_, i) => `fast-${i}`), 'fast-list']);
    } finally {
      await t.stop();
      await slow.close();
      await fast.close();
    }
    await handles.expectNone();
  });
});
