import { expect } from 'chai';
import fc from 'fast-check';
import { BASE64_PATTERN, isBase64 } from '../../../lib/protocol/patterns.ts';
import { validateRequest } from '../../../lib/protocol/validate.ts';

describe('isBase64', () => {
  const strict = new RegExp(BASE64_PATTERN, 'u');

  it('accepts exactly what the schema pattern accepts', () => {
    const chars = fc.constantFrom(...'AZaz09+/=-_ \n!'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 14 }).map((a) => a.join('')), (text) => {
        expect(isBase64(text), JSON.stringify(text)).to.equal(strict.test(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('accepts what Buffer encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(isBase64(Buffer.from(bytes).toString('base64'))).to.equal(true);
      }),
    );
  });

  it('copes with a body of many megabytes where the pattern as a RegExp overflows', () => {
    const body = Buffer.alloc(12 * 1024 * 1024, 1).toString('base64');
    expect(() => strict.test(body)).to.throw(RangeError);
    expect(isBase64(body)).to.equal(true);
  });

  it('checks a long header value without overflowing', () => {
    const headers = { 'X-Long': 'v'.repeat(8 * 1024 * 1024) };
    expect(validateRequest({ id: 'r', method: 'GET', path: '/api', headers })).to.deep.include({ ok: true });
  });
});
