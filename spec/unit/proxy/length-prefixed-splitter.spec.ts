import { expect } from 'chai';
import { LengthPrefixedSplitter } from '../../../lib/proxy/length-prefixed-splitter.ts';

const frame = (payload: string): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(Buffer.byteLength(payload));
  return Buffer.concat([head, Buffer.from(payload)]);
};

describe('LengthPrefixedSplitter', () => {
  it('gives each length-prefixed event whole, prefix included, however TCP cut it', () => {
    const bytes = Buffer.concat([frame('first'), frame('second event'), frame('')]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const s = new LengthPrefixedSplitter(1024);
      const events = [...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut))];
      expect(events.map((e) => e.toString('latin1')), `cut at ${cut}`).to.deep.equal([frame('first'), frame('second event'), frame('')].map((e) => e.toString('latin1')));
      expect(s.end()).to.equal(undefined);
    }
  });

  it('refuses an event over the limit as soon as its length is known', () => {
    const s = new LengthPrefixedSplitter(16);
    expect(() => s.push(frame('x'.repeat(20)).subarray(0, 5))).to.throw(RangeError);
  });

  it('says so when the body ends inside an event', () => {
    const s = new LengthPrefixedSplitter(1024);
    s.push(frame('abc').subarray(0, 5));
    expect(() => s.end()).to.throw(/ended inside an event/);
  });
});
