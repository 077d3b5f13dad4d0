import { expect } from 'chai';
import { decodeBinary, encodeBinary } from '../../../lib/protocol/binary-frame.ts';
import { SendQueue, SMALL_FRAME_BYTES, type FrameTransport } from '../../../lib/tunnel/send-queue.ts';

type SendOptions = Parameters<FrameTransport['send']>[1];

class ManualTransport implements FrameTransport {
  sent: { data: string; raw: Buffer | string; binary: boolean; fin: boolean; compress: boolean | undefined; bulk: boolean; cb: (err?: Error) => void }[] = [];
  send(data: Buffer | string, options: SendOptions, cb: (err?: Error) => void = () => {}): void {
    this.sent.push({ data: String(data), raw: data, binary: options.binary, fin: options.fin ?? true, compress: options.compress, bulk: options.bulk ?? false, cb });
  }
  flush(n = this.sent.length): void {
    for (const s of this.sent.splice(0, n)) s.cb();
  }
}

/** A bulk frame (over SMALL_FRAME_BYTES) whose text starts with `name`. */
const bulk = (name: string): string => name.padEnd(SMALL_FRAME_BYTES + 1, '.');
const names = (t: ManualTransport): string[] => t.sent.map((s) => s.data.replace(/\.+$/, ''));

describe('SendQueue', () => {
  describe('scheduling', () => {
    it('paces bulk by the socket: the next bulk frame is handed over only once the one before is written', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { bulkWindow: 1 });
      await q.write(bulk('A0'), 'a');
      let second = false;
      const next = q.write(bulk('A1'), 'a').then(() => (second = true));
      await Promise.resolve();
      expect(names(t)).to.deep.equal(['A0']);
      expect(second).to.equal(false);
      expect(q.waitingBytes).to.equal(SMALL_FRAME_BYTES + 1);
      t.flush(1);
      await next;
      expect(names(t)).to.deep.equal(['A1']);
    });

    it('sends a small frame at once while bulk waits for the socket', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { bulkWindow: 1 });
      await q.write(bulk('L0'), 'list');
      const more = q.write(bulk('L1'), 'list');
      await q.write('{"id":"get"}', 'get');
      expect(names(t)).to.deep.equal(['L0', '{"id":"get"}']);
      t.flush();
      await more;
      expect(names(t)).to.deep.equal(['L1']);
    });

    it('hands over waiting small frames before waiting bulk once the socket drains', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { highWaterMark: 1, bulkWindow: 1 });
      await q.write('x');
      const all = [q.write(bulk('B'), 'b'), q.write('s1', 's1'), q.write(bulk('C'), 'c'), q.write('s2')];
      t.flush();
      await new Promise((r) => setImmediate(r));
      // The mark (1 byte) lets one frame out per write the socket finishes.
      expect(names(t)).to.deep.equal(['s1']);
      t.flush();
      expect(names(t)).to.deep.equal(['s2']);
      t.flush();
      expect(names(t)).to.deep.equal(['B']);
      t.flush();
      await Promise.all(all);
      expect(names(t)).to.deep.equal(['C']);
    });

    it('takes bulk lanes in turns, round robin, and keeps each lane in order', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { bulkWindow: 1 });
      await q.write(bulk('x'));
      // Writers that do not await: three frames queued on lane a, two on b, one on c.
      const all = [
        ...['A0', 'A1', 'A2'].map((n) => q.write(bulk(n), 'a')),
        ...['B0', 'B1'].map((n) => q.write(bulk(n), 'b')),
        q.write(bulk('C0'), 'c'),
      ];
      const order: string[] = [];
      while (order.length < 6) {
        t.flush();
        await Promise.resolve();
        order.push(...names(t));
      }
      await Promise.all(all);
      expect(order).to.deep.equal(['A0', 'B0', 'C0', 'A1', 'B1', 'A2']);
    });

    it('never lets a small frame overtake bulk written before it on its own lane', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { bulkWindow: 1 });
      await q.write(bulk('other'), 'other');
      const list = [q.write(bulk('L0'), 'list'), q.write('{"done":true}', 'list')];
      await q.write('{"id":"get"}', 'get');
      expect(names(t)).to.deep.equal(['other', '{"id":"get"}']);
      t.flush();
      expect(names(t)).to.deep.equal(['L0', '{"done":true}']);
      await Promise.all(list);
    });
  });

  describe('pressure (bounded inbound)', () => {
    it('reports pressure once the bytes waiting pass the mark, and its end once they are down to half of it', async () => {
      const t = new ManualTransport();
      const seen: boolean[] = [];
      const q = new SendQueue(t, { highWaterMark: 10, onPressure: (p) => seen.push(p) });
      await q.write('0123456789');
      const waiting = ['aaaa', 'bbbb', 'cccc'].map((x) => q.write(x));
      expect(q.waitingBytes).to.equal(12);
      expect(seen).to.deep.equal([true]);
      t.flush(1);
      await Promise.all(waiting);
      expect(q.waitingBytes).to.equal(0);
      expect(seen).to.deep.equal([true, false]);
    });

    it('ends the pressure when the socket is gone', async () => {
      const t = new ManualTransport();
      const seen: boolean[] = [];
      const q = new SendQueue(t, { highWaterMark: 2, onPressure: (p) => seen.push(p) });
      await q.write('xx');
      const waiting = q.write('yyy').catch(() => 'failed');
      q.close(new Error('gone'));
      expect(await waiting).to.equal('failed');
      expect(seen).to.deep.equal([true, false]);
    });
  });

  describe('binary messages (protocol v2)', () => {
    it('sends a large body as a fragment after its header, without copying it', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { compressBelow: 1024 });
      const body = Buffer.alloc(64 * 1024, 7);
      await q.write(encodeBinary({ id: 'a', stream: true, stream_id: 's', chunk: true }, body));
      expect(t.sent.map((s) => [s.binary, s.fin, s.compress, s.bulk])).to.deep.equal([
        [true, false, false, true],
        [true, true, false, true],
      ]);
      expect(t.sent[1]?.raw).to.equal(body);
      const joined = Buffer.concat(t.sent.map((s) => s.raw as Buffer));
      const decoded = decodeBinary(joined);
      expect(decoded.ok && JSON.parse(decoded.json)).to.deep.equal({ id: 'a', stream: true, stream_id: 's', chunk: true });
      expect(decoded.ok && decoded.body.equals(body)).to.equal(true);
      // The queue counts the whole message until its last fragment is written.
      expect(q.inFlight).to.equal(joined.length);
      t.flush(1);
      expect(q.inFlight).to.equal(joined.length);
      t.flush();
      expect(q.inFlight).to.equal(0);
    });

    it('joins a small binary message into one compressible message', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { compressBelow: 1024 });
      await q.write(encodeBinary({ id: 'b', status_code: 200 }, Buffer.from('hello')));
      expect(t.sent).to.have.length(1);
      expect(t.sent.map((s) => [s.binary, s.fin, s.compress, s.bulk])).to.deep.equal([[true, true, true, false]]);
    });

    it('joins a small binary message too large to compress into one message, sent as one frame', async () => {
      const t = new ManualTransport();
      const q = new SendQueue(t, { compressBelow: 1024 });
      const body = Buffer.alloc(8 * 1024, 5);
      const message = encodeBinary({ id: 'c', status_code: 200 }, body);
      await q.write(message);
      expect(t.sent.map((s) => [s.binary, s.fin, s.compress, s.bulk])).to.deep.equal([[true, true, false, false]]);
      expect((t.sent[0]?.raw as Buffer).equals(Buffer.concat(message.parts))).to.equal(true);
    });
  });

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
