// pingProbe and turnCorked against a real ws server on loopback: a probe's
// pong acknowledges it (and every probe before it), pongs without a sequence
// number are not taken for one, and the frames sent in one turn leave in one
// write to the socket, while a bulk frame goes at once.
import { expect } from 'chai';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import sinon from 'sinon';
import WebSocket, { WebSocketServer } from 'ws';
import { pingProbe, turnCorked } from '../../../lib/tunnel/ws-pacing.ts';

describe('ws pacing', () => {
  let wss: WebSocketServer;
  let client: WebSocket;
  let server: WebSocket;
  let raw: Socket;
  beforeEach(async () => {
    // No automatic pongs: each spec answers pings as it needs.
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await once(wss, 'listening');
    const connected = once(wss, 'connection');
    client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    client.once('upgrade', (res: IncomingMessage) => (raw = res.socket));
    await once(client, 'open');
    [server] = (await connected) as [WebSocket];
  });
  afterEach(async () => {
    client.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });

  it('calls a probe back when the peer answers its ping, acknowledging earlier probes with it', async () => {
    server.on('ping', (data: Buffer) => server.pong(data));
    const probe = pingProbe(client);
    const acked: number[] = [];
    probe(() => acked.push(1));
    const second = new Promise<void>((resolve) => probe(() => (acked.push(2), resolve())));
    await second;
    // Pongs come in order: the first probe's came first.
    expect(acked).to.deep.equal([1, 2]);
  });

  it('ignores pongs that carry no sequence number (the liveness pings)', async () => {
    const probe = pingProbe(client);
    let acked = false;
    probe(() => (acked = true));
    const pong = once(client, 'pong');
    server.pong(Buffer.alloc(0));
    await pong;
    expect(acked).to.equal(false);
  });

  it('sends the frames of one turn in one write to the socket, in order', async () => {
    const got: string[] = [];
    const all = new Promise<void>((resolve) => server.on('message', (m: Buffer) => got.push(m.toString()) === 3 && resolve()));
    const writev = sinon.spy(raw, '_writev');
    const write = sinon.spy(raw, '_write');
    const transport = turnCorked(client, raw);
    const sent: (Error | undefined)[] = [];
    for (const m of ['a', 'b', 'c']) transport.send(m, { binary: false }, (err) => sent.push(err));
    await all;
    expect(got).to.deep.equal(['a', 'b', 'c']);
    expect(writev.callCount).to.equal(1);
    expect(write.callCount).to.equal(0);
    expect(sent.map(Boolean)).to.deep.equal([false, false, false]);
  });

  it('uncorks the socket when the turn ends, so a later turn writes again', async () => {
    const transport = turnCorked(client, raw);
    let n = 0;
    const twice = new Promise<void>((resolve) => server.on('message', () => ++n === 2 && resolve()));
    transport.send('first', { binary: false });
    await new Promise((r) => setImmediate(r));
    expect(raw.writableCorked).to.equal(0);
    transport.send('second', { binary: false });
    await twice;
    expect(raw.writableCorked).to.equal(0);
  });

  it('writes a bulk frame at once, after what the turn gathered, and gathers again behind it', async () => {
    const got: string[] = [];
    const all = new Promise<void>((resolve) => server.on('message', (m: Buffer) => got.push(m.toString()) === 3 && resolve()));
    const transport = turnCorked(client, raw);
    transport.send('small', { binary: false });
    expect(raw.writableCorked).to.equal(1);
    transport.send('bulk', { binary: false, bulk: true });
    // Nothing left corked: the bulk frame went to the socket with the small one ahead of it.
    expect(raw.writableCorked).to.equal(0);
    expect(raw.writableLength).to.equal(0);
    transport.send('after', { binary: false });
    expect(raw.writableCorked).to.equal(1);
    await all;
    expect(got).to.deep.equal(['small', 'bulk', 'after']);
    expect(raw.writableCorked).to.equal(0);
  });

  it('is the WebSocket itself when the raw socket is not known', () => {
    expect(turnCorked(client, undefined)).to.equal(client);
  });
});
