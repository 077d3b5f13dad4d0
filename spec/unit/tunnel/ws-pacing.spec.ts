// pingProbe against a real ws server on loopback: a probe's pong acknowledges
// it (and every probe before it), and pongs without a sequence number are not
// taken for one.
import { expect } from 'chai';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { pingProbe } from '../../../lib/tunnel/ws-pacing.ts';

describe('ws pacing', () => {
  let wss: WebSocketServer;
  let client: WebSocket;
  let server: WebSocket;
  beforeEach(async () => {
    // No automatic pongs: each spec answers pings as it needs.
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await once(wss, 'listening');
    const connected = once(wss, 'connection');
    client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
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
});
