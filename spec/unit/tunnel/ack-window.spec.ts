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
    expect(w.open).to.equal(true);
    w.sent(quarter);
    expect(probes).to.have.length(4);
    expect(w.open).to.equal(false);
  });

  it('opens when the pong for the bytes sent arrives', () => {
    const { w, probes, opened } = setup();
    w.sent(MIN_WINDOW / 4);
    w.sent(MIN_WINDOW);
    expect(w.open).to.equal(false);
    probes[0]();
    expect(w.unacked).to.equal(MIN_WINDOW);
    expect(w.open).to.equal(false);
    probes[1]();
    expect(w.unacked).to.equal(0);
    expect(w.open).to.equal(true);
    expect(opened()).to.equal(2);
  });

  it('sends a probe covering everything sent when it closes between quarter marks', () => {
    const { w, probes } = setup();
    w.sent(MIN_WINDOW / 4 - 1);
    expect(probes).to.have.length(0);
    // Window shrunk under what is out (nothing acknowledged yet): asking opens a probe.
    w.sent(MIN_WINDOW);
    const n = probes.length;
    expect(w.open).to.equal(false);
    expect(w.open).to.equal(false);
    expect(probes).to.have.length(n);
    probes[n - 1]();
    expect(w.open).to.equal(true);
  });

  it('grows to twice the bandwidth-delay product, within its floor and ceiling', () => {
    const { w, probes, clock } = setup();
    // 1 MB per ms delivered, 2 ms round trip: the product is 2 MB, the window 4 MB.
    w.sent(MIN_WINDOW);
    clock.t += 2;
    probes.shift()!();
    w.sent(2_000_000);
    clock.t += 2;
    probes.shift()!();
    expect(w.window).to.equal(4_000_000);
    // A path eight times faster (16 MB in one round trip) is capped.
    w.sent(16_000_000);
    clock.t += 2;
    probes.shift()!();
    expect(w.window).to.equal(MAX_WINDOW);
  });

  it('stops pacing a peer that leaves a probe unanswered for the stall time, until it answers one', async () => {
    const probes: (() => void)[] = [];
    const w = new AckWindow((onAck) => probes.push(onAck), () => 0, 1);
    const opened = new Promise<void>((resolve) => (w.onOpen = resolve));
    w.sent(MIN_WINDOW);
    expect(w.open).to.equal(false);
    await opened;
    expect(w.unpaced).to.equal(true);
    w.sent(MIN_WINDOW);
    expect(w.open).to.equal(true);
    probes[probes.length - 1]();
    expect(w.unpaced).to.equal(false);
    expect(w.unacked).to.equal(0);
  });

  it('holds bulk in the send queue until the peer has read a window', async () => {
    const { w, probes } = setup();
    const sent: string[] = [];
    const transport: FrameTransport = { send: (data, _o, cb) => (sent.push(String(data).slice(0, 2)), cb && setImmediate(cb)) };
    const q = new SendQueue(transport, { acks: w, bulkWindow: Infinity });
    const chunk = (n: string): string => n.padEnd(MIN_WINDOW, '.');
    await q.write(chunk('A0'), 'a');
    let second = false;
    const next = q.write(chunk('A1'), 'a').then(() => (second = true));
    await new Promise((r) => setImmediate(r));
    expect(sent).to.deep.equal(['A0']);
    expect(second).to.equal(false);
    // A small answer is not held.
    await q.write('ok'.padEnd(SMALL_FRAME_BYTES, ' '), 'get');
    expect(sent).to.deep.equal(['A0', 'ok']);
    probes[probes.length - 1]();
    await next;
    expect(sent).to.deep.equal(['A0', 'ok', 'A1']);
  });
});
