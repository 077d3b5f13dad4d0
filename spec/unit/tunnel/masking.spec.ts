// Which dials send frames with the zero masking key, and what that key does on the wire. The peer here is a raw
// TCP server that answers the upgrade itself and splits the client's bytes into frames (spec/support's reader), so
// the masking key is read from the wire rather than trusted from ws.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type WebSocket from 'ws';
import { openWebSocket, zeroMaskKey } from '../../../lib/tunnel/dial-options.ts';
import { SUBPROTOCOL_V2 } from '../../../lib/version.ts';
import { ServerFrameReader, type ServerFrame } from '../../support/websocket-bytes.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A peer that accepts one upgrade and collects the client's frames as they come off the wire. */
function rawPeer(): Promise<{ url: string; server: Server; frames: ServerFrame[]; framed: (n: number) => Promise<void> }> {
  const frames: ServerFrame[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  const server = createServer((socket: Socket) => {
    const reader = new ServerFrameReader();
    let head = Buffer.alloc(0);
    let upgraded = false;
    socket.on('data', (chunk: Buffer) => {
      let bytes = chunk;
      if (!upgraded) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const key = /sec-websocket-key: *(\S+)/i.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? '';
        const accept = createHash('sha1').update(key + GUID).digest('base64');
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${SUBPROTOCOL_V2}\r\n\r\n`);
        upgraded = true;
        bytes = head.subarray(end + 4);
      }
      frames.push(...reader.push(bytes));
      if (waiter !== undefined && frames.length >= waiter.n) waiter.resolve();
    });
  });
  const framed = (n: number): Promise<void> =>
    frames.length >= n ? Promise.resolve() : new Promise((resolve) => (waiter = { n, resolve }));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, frames, framed }),
    ),
  );
}

describe('frame masking', () => {
  it('uses the zero key inside TLS and on loopback, random keys on plain ws:// to another host', () => {
    for (const url of ['wss://runner.example.com/ws', 'wss://10.0.0.5:8443/', 'ws://127.0.0.1:9000/', 'ws://127.9.8.7/', 'ws://localhost:80/', 'ws://[::1]:9000/']) {
      expect(zeroMaskKey(url), url).to.equal(true);
    }
    for (const url of ['ws://runner.example.com/ws', 'ws://10.0.0.5:8080/', 'ws://[fe80::1]/', 'ws://127.0.0.1.example.com/']) {
      expect(zeroMaskKey(url), url).to.equal(false);
    }
  });

  it('sends loopback frames with the zero key, the payload intact and the caller\'s buffer untouched', async () => {
    const peer = await rawPeer();
    let ws: WebSocket | undefined;
    try {
      ws = openWebSocket(peer.url, [SUBPROTOCOL_V2], { token: 't', compression: false, handshakeTimeout: 10_000 });
      await once(ws, 'open');
      const big = Buffer.alloc(100_000);
      for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
      const before = Buffer.from(big);
      ws.send(big, { binary: true });
      ws.send('{"type":"hello"}');
      await peer.framed(2);
      expect(peer.frames.map((f) => f.key?.toString('hex'))).to.deep.equal(['00000000', '00000000']);
      expect(peer.frames[0].opcode).to.equal(2);
      expect(peer.frames[0].payload.equals(before)).to.equal(true);
      expect(big.equals(before), 'the buffer handed to send is not masked in place').to.equal(true);
      expect(peer.frames[1].payload.toString()).to.equal('{"type":"hello"}');
    } finally {
      ws?.terminate();
      peer.server.close();
    }
  });
});
