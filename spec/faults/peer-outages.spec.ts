// The agent's sockets when the other end is away: a Runner or the control plane
// down at start, a Runner restarting in a loop, a Runner host that does not
// resolve. Each time the agent recovers by itself, answers what it accepted
// exactly once, and leaves no handle behind once stopped.
import { expect } from 'chai';
import { FaultProxy } from '../../testkit/fault-proxy.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent } from '../support/agent.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { delay, eventually, expectTerminalFrames, logLines, trackHandles } from './helpers.ts';

const runnerUrl = (port: number): string => `ws://127.0.0.1:${port}/ws/runner`;

describe('faults: peers that are down, flapping or unresolvable', function () {
  this.timeout(60_000);

  before(async () => {
    // Warm the admin client so its keep-alive socket is part of every baseline.
    await kube.adminRequest('GET', '/version');
  });

  it('keeps redialling a Runner that is down at start, with growing delays, and serves once it is up', async () => {
    const handles = trackHandles();
    const peer = await new Peer({ token: 'rt' }).listen();
    const fp = await new FaultProxy('127.0.0.1', peer.port).listen();
    await fp.down();
    const t = await startTestAgent({ configure: (c) => (c.runners = [{ url: runnerUrl(fp.port), token: 'rt', name: 'r1' }]) });
    try {
      const redials = () => logLines(t.logs).filter((l) => l.msg === 'connection failed; redialling' && l.socket === 'runner:r1');
      await eventually(() => redials().length >= 4, 15_000, 'four failed dials');
      const attempts = redials().map((l) => l.attempt as number);
      expect(attempts.slice(0, 4)).to.deep.equal([1, 2, 3, 4]);
      // Full jitter under a cap of 1 s (startTestAgent): never more than the cap.
      for (const l of redials()) expect(l.delayMs).to.be.at.most(1000);
      expect(t.agent.runners.connected).to.equal(0);

      await fp.up();
      const conn = await peer.connection(10_000);
      await conn.next((f) => f.type === 'hello');
      const res = await conn.request({ id: 'after-up', method: 'GET', path: '/version' });
      expect(res.status_code).to.equal(200);
      expectTerminalFrames(conn, ['after-up']);
    } finally {
      await t.stop();
      await fp.close();
      await peer.close();
    }
    await handles.expectNone();
  });

  it('registers with a control plane that is down at start once it comes up, and serves on its socket', async () => {
    const handles = trackHandles();
    const cp = await new Peer({ token: 'cp-token', path: '/ws/agent', register: { cluster_id: 'c-fault' } }).listen();
    const fp = await new FaultProxy('127.0.0.1', cp.port).listen();
    await fp.down();
    const t = await startTestAgent({
      configure: (c) => {
        c.pipeops.api_url = `http://127.0.0.1:${fp.port}`;
        c.pipeops.token = 'cp-token';
      },
    });
    try {
      await eventually(() => logLines(t.logs).filter((l) => l.msg === 'connection failed; redialling').length >= 3, 15_000, 'three failed dials');
      expect(t.agent.ready().ok).to.equal(false);
      await fp.up();
      await eventually(() => t.agent.controlPlane?.registered === true, 15_000, 'registered');
      const conn = await cp.connection();
      const res = await conn.request({ id: 'cp-get', method: 'GET', path: '/version' });
      expect(res.status_code).to.equal(200);
      expectTerminalFrames(conn, ['cp-get']);
    } finally {
      await t.stop();
      await fp.close();
      await cp.close();
    }
    await handles.expectNone();
  });

  it('survives a Runner restarting in a loop: at most one answer per request, exactly one on the socket that stays', async () => {
    const handles = trackHandles();
    const peer = await new Peer({ token: 'rt' }).listen();
    const fp = await new FaultProxy('127.0.0.1', peer.port).listen();
    const t = await startTestAgent({ configure: (c) => (c.runners = [{ url: runnerUrl(fp.port), token: 'rt', name: 'flappy' }]) });
    const sent = new Map<PeerConnection, string[]>();
    try {
      for (let round = 0; round < 6; round++) {
        const conn = round === 0 ? await peer.connection() : await peer.nextConnection(15_000);
        const ids: string[] = [];
        sent.set(conn, ids);
        for (let i = 0; i < 5; i++) {
          const id = `r${round}-get-${i}`;
          ids.push(id);
          conn.send({ id, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps` });
        }
        const watch = `r${round}-watch`;
        ids.push(watch);
        conn.send({ id: watch, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/pods`, query: { watch: ['true'] }, stream: true });
        await delay(50 + round * 40);
        // Alternate between the network cutting the link and the Runner going away for a moment.
        if (round % 2 === 0) fp.cut();
        else {
          await fp.down();
          await delay(200);
          await fp.up();
        }
      }
      const last = await peer.nextConnection(15_000);
      const res = await last.request({ id: 'settled', method: 'GET', path: '/version' });
      expect(res.status_code).to.equal(200);
      sent.set(last, ['settled']);
      for (const [conn, ids] of sent) expectTerminalFrames(conn, ids);
      // No stream is left running for a socket that is gone.
      await eventually(() => t.agent.runners.activeStreams === 0, 5000, 'no active stream');
    } finally {
      await t.stop();
      await fp.close();
      await peer.close();
    }
    await handles.expectNone();
  });

  it('logs and retries a Runner whose host does not resolve, while another Runner is served', async () => {
    const handles = trackHandles();
    const peer = await new Peer({ token: 'rt' }).listen();
    const t = await startTestAgent({
      configure: (c) =>
        (c.runners = [
          { url: 'wss://does-not-exist.invalid:1/', token: 'ghost-token', name: 'ghost' },
          { url: peer.url, token: 'rt', name: 'good' },
        ]),
    });
    try {
      const conn = await peer.connection();
      for (let i = 0; i < 10; i++) {
        const res = await conn.request({ id: `good-${i}`, method: 'GET', path: '/version' });
        expect(res.status_code).to.equal(200);
      }
      const ghost = () => logLines(t.logs).filter((l) => l.socket === 'runner:ghost' && l.msg === 'connection failed; redialling');
      await eventually(() => ghost().length >= 3, 20_000, 'three failed dials of the unresolvable Runner');
      expect(String(ghost()[0].err)).to.match(/ENOTFOUND|EAI_AGAIN|getaddrinfo/);
      expect(t.agent.runners.connected).to.equal(1);
      expect(conn.ws.readyState).to.equal(conn.ws.OPEN);
      expectTerminalFrames(conn, Array.from({ length: 10 }, (_, i) => `good-${i}`));
    } finally {
      await t.stop();
      await peer.close();
    }
    await handles.expectNone();
  });
});
