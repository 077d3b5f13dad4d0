// What the send queue needs from a ws WebSocket to pace its writes: pings whose
// pongs acknowledge what the peer has read (ack-window.ts), and a transport that
// gathers the frames of one event-loop turn into one write to the socket.
import WebSocket from 'ws';
import type { Writable } from 'node:stream';
import type { Probe } from './ack-window.ts';
import type { FrameTransport } from './send-queue.ts';

/**
 * Probes for the send queue's ack window: a ping carrying a sequence number;
 * its pong (which the peer sends once it has read everything before the ping)
 * calls back. The liveness pings carry no payload and are not counted.
 */
export function pingProbe(ws: WebSocket): Probe {
  const waiting = new Map<number, () => void>();
  let seq = 0;
  ws.on('pong', (data: Buffer) => {
    if (data.length !== 4) return;
    const n = data.readUInt32BE(0);
    const ack = waiting.get(n);
    if (ack === undefined) return;
    // Pongs come in order: this one acknowledges every probe before it too.
    for (const k of waiting.keys()) {
      waiting.delete(k);
      if (k === n) break;
    }
    ack();
  });
  ws.once('close', () => waiting.clear());
  return (onAck) => {
    // A closing socket fails its queue soon; nothing to acknowledge then.
    if (ws.readyState !== WebSocket.OPEN) return;
    seq = (seq + 1) >>> 0;
    const payload = Buffer.allocUnsafe(4);
    payload.writeUInt32BE(seq, 0);
    waiting.set(seq, onAck);
    ws.ping(payload);
  };
}

/**
 * ws's send, with the socket's small writes of one event-loop turn gathered:
 * the first small send of a turn corks the socket and the check phase uncorks
 * it, so the answers that complete in one poll (many, under concurrency) leave
 * in one writev instead of one each. A bulk frame flushes what is gathered and
 * goes at once: its write callback is what paces the next chunk (send-queue.ts),
 * and held to the check phase it would let one chunk leave a turn. ws corks
 * per frame too; corks nest.
 */
export function turnCorked(ws: WebSocket, socket: Writable | undefined): FrameTransport {
  if (socket === undefined) return ws;
  let corked = false;
  let scheduled = false;
  const flush = (): void => {
    if (!corked) return;
    corked = false;
    socket.uncork();
  };
  const atCheck = (): void => {
    scheduled = false;
    flush();
  };
  return {
    send(data, options, cb) {
      if (options.bulk === true) flush();
      else if (!corked && !socket.destroyed) {
        corked = true;
        socket.cork();
        if (!scheduled) {
          scheduled = true;
          setImmediate(atCheck);
        }
      }
      ws.send(data, options, cb);
    },
  };
}
