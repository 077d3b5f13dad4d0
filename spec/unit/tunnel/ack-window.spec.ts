// AckWindow with a manual probe (the pong is a callback the spec calls) and an
// injected clock: when bulk must wait for the peer, which probes go out, and
// how the window follows the path's bandwidth-delay product.
import { expect } from 'chai';
import { MAX_CHUNK_BYTES } from '../../../lib/proxy/response-pump.ts';
import { AckWindow, MAX_WINDOW, MIN_CHUNK, MIN_WINDOW } from '../../../lib/tunnel/ack-window.ts';
import { SendQueue, SMALL_FRAME_BYTES, type FrameTransport } from '../../../lib/tunnel/send-queue.ts';

function setup(): { w: AckWindow; probes: (() => void)[]; clock: { t: number }; opened: () => number } {
  const probes: (() => void)[] = [];
  const clock = { t: 0 };
  const w = new AckWindow((onAck) => probes.push(onAck), () => clock.t);
  let opens = 0;
  w.onOpen = () => opens++;
  return { w, probes, clock, opened: () => opens };
}

/** Bulk of `bytes` on an idle path: the bare probe's pong comes back after `rttMs`, the bulk's `readMs` later. */
function measurePath(s: ReturnType<typeof setup>, bytes: number, rttMs: number, readMs: number): void {
  s.w.beforeBulk();
  s.w.sent(bytes);
  s.clock.t = rttMs;
  s.probes[0]();
  s.clock.t = rttMs + readMs;
  s.probes[1]();
}

describe('AckWindow', () => {
  it('probes every quarter window and closes once a window is unacknowledged', () => {
    const { w, probes } = setup();
    const quarter = MIN_WINDOW / 4;
    for (let i = 0; i < 3; i++) w.sent(quarter);
    expect(probes).to.have.length(3);
    expect(w.allows(1)).to.equal(true);
    w.sent(quarter);
    expect(probes).to.have.length(4);
    expect(w.allows(1)).to.equal(false);
  });

  it('opens when the pong for the bytes sent arrives', () => {
    const { w, probes, opened } = setup();
    w.sent(MIN_WINDOW / 4);
    w.sent(MIN_WINDOW);
    expect(w.allows(1)).to.equal(false);
    probes[0]();
    expect(w.unacked).to.equal(MIN_WINDOW);
    expect(w.allows(1)).to.equal(false);
    probes[1]();
    expect(w.unacked).to.equal(0);
    expect(w.allows(1)).to.equal(true);
    expect(opened()).to.equal(2);
  });

  it('sends a probe covering everything sent when it closes between quarter marks', () => {
    const { w, probes } = setup();
    w.sent(MIN_WINDOW / 4 - 1);
    expect(probes).to.have.length(0);
    // Window shrunk under what is out (nothing acknowledged yet): asking opens a probe.
    w.sent(MIN_WINDOW);
    const n = probes.length;
    expect(w.allows(1)).to.equal(false);
    expect(w.allows(1)).to.equal(false);
    expect(probes).to.have.length(n);
    probes[n - 1]();
    expect(w.allows(1)).to.equal(true);
  });

  // Once the path is measured, a chunk is 4 ms of its rate within 16..64 KiB, and the window is
  // max(2 chunks, 1.25 × rate × max(round trip, 1 ms) + a chunk), at most MAX_WINDOW. Paths of
  // 16 MB/s and more get 64 KiB chunks.
  const CHUNK_ROOM = 64 * 1024;

  it('sizes the window to a quarter over the bandwidth-delay product and a chunk, within its floor and ceiling', () => {
    const { w, probes, clock } = setup();
    // A bare probe, then 2 MB: their pongs 2 ms apart, 2 ms round trip: 1 MB per ms.
    w.beforeBulk();
    w.sent(2_000_000);
    clock.t = 2;
    probes.shift()!();
    clock.t = 4;
    probes.shift()!();
    expect(w.window).to.equal(1.25 * 2_000_000 + CHUNK_ROOM);
    // A path twenty times faster (40 MB sent in the 4 ms since the probe before, read 2 ms later) is capped.
    w.sent(40_000_000);
    clock.t = 6;
    probes.shift()!();
    expect(w.window).to.equal(MAX_WINDOW);
  });

  it('counts pongs that arrive bunched with the span before them, so they do not fake a fast path', () => {
    const { w, probes, clock } = setup();
    w.beforeBulk();
    w.sent(1_000_000);
    clock.t = 0.1;
    w.sent(1_000_000);
    expect(probes).to.have.length(3);
    // 10 ms round trip; the first 1 MB is read 10 ms after the bare probe, the second 10 µs after the first.
    clock.t = 10;
    probes[0]();
    clock.t = 20;
    probes[1]();
    clock.t = 20.01;
    probes[2]();
    // 100 KB per ms over 10 ms, not 1 MB in 10 µs (which would be the ceiling).
    expect(w.window).to.equal(1.25 * 100_000 * 10 + CHUNK_ROOM);
  });

  it('rates bytes no faster than they were sent, when a busy event loop reads their pongs close together', () => {
    const { w, probes, clock } = setup();
    // A bare probe and 64 KiB, read 0.2 ms apart: 0.2 ms round trip, 327,680 bytes per ms.
    w.beforeBulk();
    w.sent(65_536);
    clock.t = 0.2;
    probes[0]();
    clock.t = 0.4;
    probes[1]();
    const measured = 1.25 * 327_680 + CHUNK_ROOM;
    expect(w.window).to.equal(measured);
    // 200 KB a millisecond, a probe after each; their pongs are read 0.15 ms apart once the loop is free.
    for (const t of [1, 2, 3, 4]) {
      clock.t = t;
      w.sent(200_000);
    }
    expect(probes).to.have.length(6);
    for (const [i, t] of [5, 5.15, 5.3, 5.45].entries()) {
      clock.t = t;
      probes[2 + i]();
    }
    // 200 KB per ms at most (as sent), under what was measured: not 200 KB in 0.15 ms.
    expect(w.window).to.equal(measured);
  });

  it('times the bare round trip with a probe sent ahead of the bulk on an idle path, and only then', () => {
    const { w, probes, clock } = setup();
    w.beforeBulk();
    w.sent(1_000_000);
    expect(probes).to.have.length(2);
    w.beforeBulk();
    expect(probes).to.have.length(2);
    // The bare probe comes back in 40 ms; the one behind 1 MB in 80 ms.
    clock.t = 40;
    probes[0]();
    clock.t = 80;
    probes[1]();
    // 25 KB per ms over the 40 ms round trip, not over the 80 ms the bulk probe took.
    expect(w.window).to.equal(1.25 * 25_000 * 40 + CHUNK_ROOM);
    expect(w.unacked).to.equal(0);
    w.beforeBulk();
    expect(probes).to.have.length(3);
  });

  it('sizes the window for a round trip of at least a millisecond (under that, it is the peer\'s event loop)', () => {
    const { w, probes, clock } = setup();
    w.beforeBulk();
    w.sent(1_000_000);
    clock.t = 0.1;
    probes[0]();
    clock.t = 1.1;
    probes[1]();
    // 1 MB per ms; the 0.1 ms round trip counts as 1 ms.
    expect(w.window).to.equal(1.25 * 1_000_000 + CHUNK_ROOM);
  });

  it('cuts chunks to 4 ms of the path\'s rate, 64 KiB before the path is measured', () => {
    const s = setup();
    const { w } = s;
    expect(w.chunkBytes).to.equal(MAX_CHUNK_BYTES);
    expect(w.window).to.equal(MIN_WINDOW);
    // 10 MB/s over a 40 ms round trip: 400 KB read 40 ms after the bare probe.
    measurePath(s, 400_000, 40, 40);
    expect(w.chunkBytes).to.equal(40_000);
    expect(w.window).to.equal(1.25 * 10_000 * 40 + 40_000);
  });

  it('cuts 16 KiB chunks on a slow path, with a window of a quarter over its product and a chunk', () => {
    const s = setup();
    const { w } = s;
    // 32 KiB read in 40 ms (0.8 MB/s).
    measurePath(s, 32 * 1024, 40, 40);
    expect(w.chunkBytes).to.equal(MIN_CHUNK);
    expect(w.window).to.equal(1.25 * 819.2 * 40 + MIN_CHUNK);
  });

  it('keeps two chunks in the window on a path whose product is less', () => {
    const s = setup();
    // A 1 ms round trip and 32 KiB read in 40 ms.
    measurePath(s, 32 * 1024, 1, 40);
    expect(s.w.window).to.equal(2 * MIN_CHUNK);
  });

  it('lets bulk go only while the next frame fits the window, and any frame when nothing is unacknowledged', () => {
    const { w } = setup();
    expect(w.allows(10 * MAX_WINDOW)).to.equal(true);
    w.sent(100_000);
    expect(w.allows(MIN_WINDOW - 100_000)).to.equal(true);
    expect(w.allows(MIN_WINDOW - 100_000 + 1)).to.equal(false);
  });

  it('stops pacing a peer that leaves a probe unanswered for the stall time, until it answers one', async () => {
    const probes: (() => void)[] = [];
    const w = new AckWindow((onAck) => probes.push(onAck), () => 0, 1);
    const opened = new Promise<void>((resolve) => (w.onOpen = resolve));
    w.sent(MIN_WINDOW);
    expect(w.allows(1)).to.equal(false);
    await opened;
    expect(w.unpaced).to.equal(true);
    w.sent(MIN_WINDOW);
    expect(w.allows(1)).to.equal(true);
    probes[probes.length - 1]();
    expect(w.unpaced).to.equal(false);
    expect(w.unacked).to.equal(0);
  });

  it('gives the send queue\'s lanes its chunk size (64 KiB on a socket without one)', () => {
    const transport: FrameTransport = { send: (_d, _o, cb) => cb?.() };
    expect(new SendQueue(transport).lane('a').chunkBytes()).to.equal(MAX_CHUNK_BYTES);
    const s = setup();
    const lane = new SendQueue(transport, { acks: s.w }).lane('a');
    expect(lane.chunkBytes()).to.equal(MAX_CHUNK_BYTES);
    measurePath(s, 32 * 1024, 40, 40);
    expect(lane.chunkBytes()).to.equal(MIN_CHUNK);
  });

  it('holds bulk in the send queue until the peer has read a window', async () => {
    // What goes to the socket, frames and pings, in order.
    const sent: string[] = [];
    const probes: (() => void)[] = [];
    const w = new AckWindow((onAck) => (sent.push('ping'), probes.push(onAck)), () => 0);
    const transport: FrameTransport = { send: (data, _o, cb) => (sent.push(String(data).slice(0, 2)), cb && setImmediate(cb)) };
    const q = new SendQueue(transport, { acks: w, bulkWindow: Infinity });
    const chunk = (n: string): string => n.padEnd(MIN_WINDOW, '.');
    await q.write(chunk('A0'), 'a');
    let second = false;
    const next = q.write(chunk('A1'), 'a').then(() => (second = true));
    await new Promise((r) => setImmediate(r));
    // A probe on the idle path before the first chunk, one after it (a window sent).
    expect(sent).to.deep.equal(['ping', 'A0', 'ping']);
    expect(second).to.equal(false);
    // A small answer is not held.
    await q.write('ok'.padEnd(SMALL_FRAME_BYTES, ' '), 'get');
    expect(sent).to.deep.equal(['ping', 'A0', 'ping', 'ok']);
    probes[probes.length - 1]();
    await next;
    expect(sent).to.deep.equal(['ping', 'A0', 'ping', 'ok', 'ping', 'A1', 'ping']);
  });
});
