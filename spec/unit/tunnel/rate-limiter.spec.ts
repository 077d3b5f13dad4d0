import { expect } from 'chai';
import { RateLimiter } from '../../../lib/tunnel/rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows a burst, then asks the caller to retry, then refills at the rate', () => {
    let now = 0;
    const r = new RateLimiter(2, 3, () => now);
    expect([r.take(), r.take(), r.take()]).to.deep.equal([0, 0, 0]);
    expect(r.take()).to.equal(1);
    now += 500;
    expect(r.take()).to.equal(0);
    expect(r.take()).to.be.greaterThan(0);
  });

  it('is off when the rate is 0', () => {
    const r = new RateLimiter(0, 0);
    for (let i = 0; i < 1000; i++) expect(r.take()).to.equal(0);
  });
});
