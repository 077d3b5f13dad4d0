import { expect } from 'chai';
import { SendQueue, type FrameTransport } from '../../../lib/tunnel/send-queue.ts';

class ManualTransport implements FrameTransport {
  sent: { data: string; compress: boolean | undefined; cb: (err?: Error) => void }[] = [];
  send(data: Buffer | string, options: { binary: false; compress?: boolean }, cb: (err?: Error) => void): void {
    this.sent.push({ data: String(data), compress: options.compress, cb });
  }
  flush(n = this.sent.length): void {
    for (const s of this.sent.splice(0, n)) s.cb();
  }
}

describe('SendQueue', () => {
  it('hands frames to the socket at once while under the high-water mark', async () => {
    const t = new ManualTransport();
    const q = new SendQueue(t, { highWaterMark: 10 });
    await q.write('abc');
    await q.write('def');
    expect(t.sent.map((s) => s.data)).to.deep.equal(['abc', 'def']);
    expect(q.inFlight).to.equal(6);
  });

  it('makes writers wait past the mark and releases them in FIFO order as the socket drains', async () => {
    const t = new ManualTransport();
    const q = new SendQueue(t, { highWaterMark: 4 });
    await q.write('aaaa');
    const order: string[] = [];
    const b = q.write('b').then(() => order.push('b'));
    const c = q.write('c').then(() => order.push('c'));
    await Promise.resolve();
    expect(order).to.deep.equal([]);
    expect(q.waiting).to.equal(2);
    t.flush();
    await Promise.all([b, c]);
    expect(order).to.deep.equal(['b', 'c']);
    expect(t.sent.map((s) => s.data)).to.deep.equal(['b', 'c']);
  });

  it('interleaves streams: each waiting stream gets a turn before any gets two', async () => {
    const t = new ManualTransport();
    const log: string[] = [];
    const transport: FrameTransport = {
      send: (data, options, cb) => {
        log.push(String(data));
        t.send(data, options, cb);
      },
    };
    const q = new SendQueue(transport, { highWaterMark: 1 });
    await q.write('x');
    const stream = async (name: string, n: number) => {
      for (let i = 0; i < n; i++) await q.write(`${name}${i}`);
    };
    const all = Promise.all([stream('A', 3), stream('B', 3), stream('C', 1)]);
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      t.flush(1);
    }
    await all;
    expect(log).to.deep.equal(['x', 'A0', 'B0', 'C0', 'A1', 'B1', 'A2', 'B2']);
  });

  it('rejects waiting and later writes once closed or when the socket fails', async () => {
    const t = new ManualTransport();
    const q = new SendQueue(t, { highWaterMark: 1 });
    await q.write('a');
    const waiting = q.write('b');
    t.sent[0].cb(new Error('socket gone'));
    let err: Error | undefined;
    await waiting.catch((e: Error) => (err = e));
    expect(err?.message).to.equal('socket gone');
    let later: Error | undefined;
    await q.write('c').catch((e: Error) => (later = e));
    expect(later?.message).to.equal('socket gone');
  });

  it('sends frames over the compression threshold uncompressed', async () => {
    const t = new ManualTransport();
    const q = new SendQueue(t, { compressBelow: 4 });
    await q.write('abc');
    await q.write('abcdef');
    expect(t.sent.map((s) => s.compress)).to.deep.equal([true, false]);
  });
});
