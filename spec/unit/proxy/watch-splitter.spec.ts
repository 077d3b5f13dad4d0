import { expect } from 'chai';
import { AgentError } from '../../../lib/errors.ts';
import fc from 'fast-check';
import { WatchSplitter } from '../../../lib/proxy/watch-splitter.ts';

describe('WatchSplitter', () => {
  const events = ['{"type":"ADDED","object":{"a":1}}', '{"type":"MODIFIED","object":{"b":"x\\ny"}}', '{"type":"DELETED","object":{}}'];
  const stream = Buffer.from(events.map((e) => e + '\n').join(''));

  it('sends each watch event as one chunk whatever the TCP boundaries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 10 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const s = new WatchSplitter(1024);
        const out: string[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          out.push(...s.push(stream.subarray(prev, p)).map((b) => b.toString()));
          prev = p;
        }
        expect(s.end()).to.equal(undefined);
        expect(out).to.deep.equal(events);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('returns a last event without a trailing newline at the end', () => {
    const s = new WatchSplitter(1024);
    expect(s.push(Buffer.from('{"a":1}\n{"b"'))).to.have.length(1);
    expect(s.push(Buffer.from(':2}'))).to.have.length(0);
    expect(s.end()?.toString()).to.equal('{"b":2}');
  });

  it('drops CR and blank lines', () => {
    const s = new WatchSplitter(1024);
    expect(s.push(Buffer.from('{"a":1}\r\n\n')).map(String)).to.deep.equal(['{"a":1}']);
  });

  it('refuses an event larger than its bound', () => {
    const s = new WatchSplitter(8);
    expect(() => s.push(Buffer.from('{"aaaaaaaaaa":1'))).to.throw(AgentError, /larger than 8 bytes/).with.property('code', 'TOO_LARGE');
  });
});
