// AckWindow with a manual probe (the pong is a callback the spec calls) and an
// injected clock: when bulk must wait for the peer, which probes go out, and
// how the window follows the path's bandwidth-delay product.
import { expect } from 'chai';
import { AckWindow, MAX_WINDOW, MIN_WINDOW } from '../../../lib/tunnel/ack-window.ts';
import { SendQueue, SMALL_FRAME_BYTES, type FrameTransport } from '../../../lib/tunnel/send-queue.ts';

function setup(): { w: AckWindow; probes: (() => void)[]; clock: { t: number }; opened: () => number } {
  const probes: (() => void)[] = [];
  const clock = { t: 0 };
  const w = new AckWindow((onAck) => probes.push(onAck), () => clock.t);
  let opens = 0;
  w.onOpen = () => opens++;
  return { w, probes, clock, opened: () => opens };
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

  // The window is max(MIN_WINDOW, 1.25 × rate × max(round trip, 1 ms) + 64 KiB), at most MAX_WINDOW.
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
    // A path eight times faster (16 MB in 2 ms) is capped.
    w.sent(16_000_000);
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

  it('stays at its floor on a path slower than the floor over a round trip', () => {
    const { w, probes, clock } = setup();
    // 32 KiB read in 40 ms.
    w.beforeBulk();
    w.sent(32 * 1024);
    clock.t = 40;
    probes[0]();
    clock.t = 80;
    probes[1]();
    expect(w.window).to.equal(MIN_WINDOW);
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
