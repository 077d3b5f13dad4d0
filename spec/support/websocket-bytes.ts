// The client side of a WebSocket as raw bytes, for specs that drive an
// upgraded stream by hand through DATA frames (the agent relays bytes and
// never looks inside them): the handshake headers, masked client frames, and a
// reader for frames as they come off the wire (a server's unmasked ones, or a
// client's masked ones, unmasked with the key each carries). Enough of RFC 6455 for
// Kubernetes' channel protocols (v5.channel.k8s.io: first payload byte is the
// channel, 0 stdin, 1 stdout, 2 stderr, 3 error).
import { randomBytes } from 'node:crypto';

export function websocketUpgradeHeaders(protocol: string): Record<string, string> {
  return {
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Protocol': protocol,
  };
}

/** `data` XORed with a 4-byte masking key (RFC 6455 §5.3), as a new buffer: masking and unmasking alike. */
function xorMask(data: Buffer, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] ?? 0) ^ (key[i & 3] ?? 0);
  return out;
}

/** One masked client frame (binary by default). */
export function clientFrame(payload: Buffer, opcode = 0x2): Buffer {
  const mask = randomBytes(4);
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, mask, xorMask(payload, mask)]);
}

/** A channel message: the channel byte, then the data. */
export function channelFrame(channel: number, data: Buffer): Buffer {
  return clientFrame(Buffer.concat([Buffer.from([channel]), data]));
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
  /** The masking key of a masked (client) frame, as it was on the wire; the payload is unmasked. */
  key?: Buffer;
}

/** Splits a byte stream into frames as bytes arrive (frames may span chunks). */
export class ServerFrameReader {
  #pending = Buffer.alloc(0);

  push(bytes: Buffer): ServerFrame[] {
    this.#pending = Buffer.concat([this.#pending, bytes]);
    const frames: ServerFrame[] = [];
    for (;;) {
      const b = this.#pending;
      if (b.length < 2) break;
      let len = (b[1] ?? 0) & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        len = Number(b.readBigUInt64BE(2));
        off = 10;
      }
      const masked = ((b[1] ?? 0) & 0x80) !== 0;
      const keyLength = masked ? 4 : 0;
      if (b.length < off + keyLength + len) break;
      const payload = b.subarray(off + keyLength, off + keyLength + len);
      if (masked) {
        const key = Buffer.from(b.subarray(off, off + 4));
        frames.push({ opcode: (b[0] ?? 0) & 0x0f, payload: xorMask(payload, key), key });
      } else {
        frames.push({ opcode: (b[0] ?? 0) & 0x0f, payload });
      }
      this.#pending = b.subarray(off + keyLength + len);
    }
    return frames;
  }
}
