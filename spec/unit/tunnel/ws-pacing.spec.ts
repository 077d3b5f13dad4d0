// pingProbe and socketBatch against a real ws server on loopback: a probe's
// pong acknowledges it (and every probe before it), pongs without a sequence
// number are not taken for one, and corking holds frames until uncorked.
import { expect } from 'chai';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { pingProbe, socketBatch } from '../../../lib/tunnel/ws-pacing.ts';

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

  it('corks the socket under a WebSocket: frames written meanwhile arrive after uncork', async () => {
    const { batch } = socketBatch(client);
    expect(batch).to.not.equal(undefined);
    const got: string[] = [];
    server.on('message', (m: Buffer) => got.push(m.toString()));
    batch!.cork();
    client.send('a');
    client.send('b');
    const written = new Promise<void>((resolve) => client.send('c', () => resolve()));
    await new Promise((r) => setImmediate(r));
    expect(client.bufferedAmount).to.be.greaterThan(0);
    batch!.uncork();
    await written;
    while (got.length < 3) await once(server, 'message');
    expect(got).to.deep.equal(['a', 'b', 'c']);
  });
});
