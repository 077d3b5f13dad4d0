import { expect } from 'chai';
import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../../lib/config/duration.ts';

describe('parseDuration', () => {
  const table: Array<[string | number, number]> = [
    ['30s', 30_000], ['500ms', 500], ['1m30s', 90_000], ['2h', 7_200_000], ['1h2m3s4ms', 3_723_004],
    ['0s', 0], ['1.5s', 1500], ['.5s', 500], ['30', 30_000], [' 15s ', 15_000], [0.25, 250], [10, 10_000],
  ];
  for (const [input, ms] of table) {
    it(`reads ${JSON.stringify(input)} as ${ms} ms`, () => expect(parseDuration(input)).to.equal(ms));
  }
  for (const bad of ['', 's', '10x', '5 s', '1m 30s', '-1s', 'ms', '1d', 'abc', '10s5']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(() => parseDuration(bad)).to.throw(RangeError, /30s, 500ms/));
  }
  it('refuses a negative number', () => expect(() => parseDuration(-1)).to.throw(RangeError));
});

describe('formatDuration', () => {
  it('writes the shortest compound form', () => {
    expect(formatDuration(90_000)).to.equal('1m30s');
    expect(formatDuration(500)).to.equal('500ms');
    expect(formatDuration(0)).to.equal('0s');
    expect(formatDuration(7_200_000)).to.equal('2h');
  });
  it('round-trips through parseDuration', () => {
    fc.assert(fc.property(fc.nat({ max: 10 * 24 * 3_600_000 }), (ms) => parseDuration(formatDuration(ms)) === ms));
  });
});
