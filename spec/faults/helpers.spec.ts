// The fault specs' own checks must be able to fail: a leaked timer or socket is
// reported, and a second terminal frame for one request is caught.
import { expect } from 'chai';
import { connect, createServer, type Socket } from 'node:net';
import { FaultProxy } from '../../testkit/fault-proxy.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { WebSocket } from 'ws';
import { eventually, expectTerminalFrames, trackHandles } from './helpers.ts';

describe('faults: the checks themselves', () => {
  it('reports a timer left running, with where it was made', async () => {
    const handles = trackHandles();
    const t = setInterval(() => {}, 1000);
    let message = '';
    try {
      await handles.expectNone();
    } catch (err) {
      message = (err as Error).message;
    } finally {
      clearInterval(t);
    }
    expect(message).to.contain('handles left open');
  });

  it('reports a listening server left open, and passes once it is closed', async () => {
    const handles = trackHandles();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = new Promise<void>((resolve) => setTimeout(() => server.close(() => resolve()), 200));
    await handles.expectNone();
    await closed;
  });

  it('catches a request answered twice', async () => {
    const peer = await new Peer().listen();
    const ws = new WebSocket(peer.url, ['pipeops.agent.v1']);
    const conn = await peer.connection();
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ id: 'a', status_code: 200 }));
    ws.send(JSON.stringify({ id: 'a', status_code: 200 }));
    await eventually(() => conn.frames.length === 2, 2000, 'two frames');
    expect(() => expectTerminalFrames(conn, ['a'])).to.throw(/terminal frames for a/);
    ws.close();
    await peer.close();
  });

  describe('FaultProxy', () => {
    let echo: ReturnType<typeof createServer>;
    let fp: FaultProxy;
    let client: Socket;
    let received: number;

    beforeEach(async () => {
      echo = createServer((s) => s.pipe(s));
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      fp = await new FaultProxy('127.0.0.1', (echo.address() as { port: number }).port).listen();
      client = connect(fp.port, '127.0.0.1');
      received = 0;
      client.on('data', (d: Buffer) => (received += d.length));
      await new Promise((resolve) => client.once('connect', resolve));
    });

    afterEach(async () => {
      client.destroy();
      await fp.close();
      await new Promise((resolve) => echo.close(resolve));
    });

    it('adds delay to each chunk', async () => {
      fp.delayMs = 150;
      const t0 = performance.now();
      client.write('ping');
      await eventually(() => received === 4, 2000, 'the echo');
      // Both directions are delayed.
      expect(performance.now() - t0).to.be.at.least(290);
    });

    it('caps the bandwidth', async () => {
      fp.bytesPerSecond = 100 * 1024;
      const t0 = performance.now();
      client.write(Buffer.alloc(50 * 1024));
      await eventually(() => received === 50 * 1024, 5000, 'the echo');
      // 50 KiB at 100 KiB/s: half a second (the two directions overlap, as the echo streams back).
      expect(performance.now() - t0).to.be.at.least(450);
    });

    it('stalls without closing, and resumes', async () => {
      fp.stall();
      client.write('held');
      await new Promise((r) => setTimeout(r, 200));
      expect(received).to.equal(0);
      expect(fp.open).to.equal(1);
      fp.pass();
      await eventually(() => received === 4, 2000, 'the echo after resuming');
    });

    it('goes half-open: bytes vanish and nothing is closed', async () => {
      fp.halfOpen();
      client.write('lost');
      await new Promise((r) => setTimeout(r, 200));
      expect(received).to.equal(0);
      expect(client.destroyed).to.equal(false);
      expect(fp.open).to.equal(1);
    });

    it('refuses connections while down and accepts them on the same port once up', async () => {
      const port = fp.port;
      await fp.down();
      const refused = await new Promise<string>((resolve) => connect(port, '127.0.0.1').on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')));
      expect(refused).to.equal('ECONNREFUSED');
      await fp.up();
      expect(fp.port).to.equal(port);
      const again = connect(port, '127.0.0.1');
      await new Promise((resolve) => again.once('connect', resolve));
      again.destroy();
    });
  });
});
