// The fault specs' own checks must be able to fail: a leaked timer or socket is
// reported, and a second terminal frame for one request is caught.
import { expect } from 'chai';
import { createServer } from 'node:net';
import { Peer } from '../support/peer.ts';
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
});
