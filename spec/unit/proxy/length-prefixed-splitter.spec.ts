import { expect } from 'chai';
import { AgentError } from '../../../lib/errors.ts';
import fc from 'fast-check';
import { LengthPrefixedSplitter } from '../../../lib/proxy/length-prefixed-splitter.ts';

describe('LengthPrefixedSplitter', () => {
  const events = [Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a]), Buffer.from('a protobuf event\n with a newline'), Buffer.alloc(300, 7)];
  const frame = (e: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(e.length, 0);
    return Buffer.concat([head, e]);
  };
  const stream = Buffer.concat(events.map(frame));

  it('sends each protobuf watch event, without its length prefix, as one chunk whatever the TCP boundaries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const s = new LengthPrefixedSplitter(1024);
        const out: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          // A copy the splitter does not own: the caller reuses it at once.
          const chunk = Buffer.from(stream.subarray(prev, p));
          out.push(...s.push(chunk).map((b) => Buffer.from(b)));
          chunk.fill(0xff);
          prev = p;
        }
        expect(s.end()).to.equal(undefined);
        expect(out.map((b) => b.toString('hex'))).to.deep.equal(events.map((b) => b.toString('hex')));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('refuses an event whose prefix is over its bound before reading it', () => {
    const s = new LengthPrefixedSplitter(8);
    expect(() => s.push(Buffer.from([0, 0, 0, 9]))).to.throw(AgentError, /larger than 8 bytes/).with.property('code', 'TOO_LARGE');
  });

  it('treats a body that ends inside an event as cut off', () => {
    const s = new LengthPrefixedSplitter(1024);
    expect(s.push(frame(Buffer.from('whole')).subarray(0, 6))).to.deep.equal([]);
    expect(() => s.end()).to.throw(RangeError, /ended inside/);
  });
});
