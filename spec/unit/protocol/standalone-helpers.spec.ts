// The generated validators run without ajv: lib/protocol/date-time.ts and ucs2length.ts stand in for ajv-formats'
// full date-time and ajv's ucs2length. Each must give the same answer as the original on any input.
import { expect } from 'chai';
import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import ucs2Module from 'ajv/dist/runtime/ucs2length.js';
import { isDateTime } from '../../../lib/protocol/date-time.ts';
import { ucs2length } from '../../../lib/protocol/ucs2length.ts';

const ajvDateTime = fullFormats['date-time'] as { validate: (s: string) => boolean };
const ajvUcs2length = ((ucs2Module as unknown as { default?: unknown }).default ?? ucs2Module) as (s: string) => number;

const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
/** Date-times near the valid shape, so the calendar and time-zone rules are exercised, not only the regex. */
const nearDateTime = fc
  .tuple(digits(4), digits(2), digits(2), fc.constantFrom('T', 't', ' ', 'x', 'TT'), digits(2), digits(2), digits(2), fc.constantFrom('', '.5', '.123456'), fc.constantFrom('Z', 'z', '', '+01:00', '-23:59', '+2400', '+05', '-00:60'))
  .map(([y, mo, d, sep, h, mi, s, frac, tz]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${tz}`);

describe('standalone validator helpers', function () {
  // Property runs are CPU work: on a loaded 2-core machine they may take several times their usual second.
  this.timeout(120_000);
  describe('isDateTime', () => {
    it('agrees with ajv-formats full date-time on near-valid strings', () => {
      fc.assert(fc.property(nearDateTime, (s) => isDateTime(s) === ajvDateTime.validate(s)), { numRuns: 20_000 });
    });

    it('agrees with ajv-formats on arbitrary strings', () => {
      fc.assert(fc.property(fc.string(), (s) => isDateTime(s) === ajvDateTime.validate(s)), { numRuns: 5_000 });
    });

    it('accepts leap days and the UTC leap second, refuses impossible dates and a missing zone', () => {
      expect(isDateTime('2024-02-29T12:00:00Z')).to.equal(true);
      expect(isDateTime('2023-02-29T12:00:00Z')).to.equal(false);
      expect(isDateTime('2016-12-31T23:59:60Z')).to.equal(true);
      expect(isDateTime('2016-12-31T22:59:60Z')).to.equal(false);
      expect(isDateTime('2026-01-31T12:00:00')).to.equal(false);
    });
  });

  describe('ucs2length', () => {
    it('agrees with ajv on any string, lone surrogates included', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => ucs2length(s) === ajvUcs2length(s)), { numRuns: 1_000 });
      expect(ucs2length('a\u{1F600}b\ud800')).to.equal(4);
    });
  });
});
