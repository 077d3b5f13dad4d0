// RedialBackoff on an injected clock and dice: the first redial after a stable
// connection, waits bounded by the outage's age, and growing backoff for
// servers that refuse or flap.
import { expect } from 'chai';
import { FIRST_STEP_MS, RedialBackoff, STABLE_AFTER_MS } from '../../../lib/tunnel/redial-backoff.ts';

const policy = { interval: 500, max_interval: 15_000 };

function setup(dice = 1): { backoff: RedialBackoff; clock: { t: number } } {
  const clock = { t: 0 };
  return { backoff: new RedialBackoff(policy, () => clock.t, () => dice), clock };
}

describe('RedialBackoff', () => {
  describe('after a stable connection', () => {
    it('redials within the first step, with full jitter over it', () => {
      const top = setup(1);
      top.backoff.opened();
      top.clock.t += STABLE_AFTER_MS;
      expect(top.backoff.closed()).to.equal(FIRST_STEP_MS);
      expect(top.backoff.recovering).to.equal(true);
      const bottom = setup(0);
      bottom.backoff.opened();
      bottom.clock.t += STABLE_AFTER_MS + 1;
      expect(bottom.backoff.closed()).to.equal(0);
    });

    it('never waits longer than half the outage\'s age (at least the first step, at most the cap)', () => {
      const { backoff, clock } = setup(1);
      backoff.opened();
      clock.t += 60_000;
      const downAt = clock.t;
      const waits = [backoff.closed()];
      const bounds: number[] = [];
      for (let i = 0; i < 18; i++) {
        clock.t += waits[waits.length - 1];
        bounds.push(Math.min(15_000, Math.max(100, (clock.t - downAt) / 2)));
        waits.push(backoff.failed());
      }
      // Dice at the top: each wait is half the time down so far, so the outage grows by half per dial.
      expect(waits.slice(0, 6)).to.deep.equal([100, 100, 100, 150, 225, 337.5]);
      expect(waits.slice(1)).to.deep.equal(bounds);
      expect(waits.slice(-3)).to.deep.equal([15_000, 15_000, 15_000]);
    });

    it('bridges a 1 s outage within 0.5 s of its end, whatever the dice', () => {
      // Adversarial dice: each wait is the largest that still fails before the server is back.
      const clock = { t: 0 };
      let nextDice = 1;
      const backoff = new RedialBackoff(policy, () => clock.t, () => nextDice);
      backoff.opened();
      clock.t = STABLE_AFTER_MS;
      const downAt = clock.t;
      const backAt = downAt + 1_000;
      clock.t += backoff.closed();
      for (let dial = 0; clock.t < backAt; dial++) {
        nextDice = dial % 2 === 0 ? 0.999 : 0.5;
        clock.t += backoff.failed();
      }
      expect(clock.t - backAt).to.be.within(0, 500);
    });
  });

  describe('while failing', () => {
    it('backs off exponentially from the base to the cap from the first start', () => {
      const { backoff } = setup(1);
      const waits = Array.from({ length: 7 }, () => backoff.failed());
      expect(waits).to.deep.equal([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
      expect(backoff.recovering).to.equal(false);
    });

    it('counts connections that die young as failures, so a flapping server is backed off more each time', () => {
      const { backoff, clock } = setup(1);
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        backoff.opened();
        clock.t += STABLE_AFTER_MS - 1;
        waits.push(backoff.closed());
      }
      expect(waits).to.deep.equal([500, 1000, 2000, 4000]);
      // A failed dial after them goes on from there.
      expect(backoff.failed()).to.equal(8000);
    });

    it('starts over after a stable connection', () => {
      const { backoff, clock } = setup(1);
      backoff.failed();
      backoff.failed();
      backoff.opened();
      clock.t += STABLE_AFTER_MS;
      expect(backoff.closed()).to.equal(FIRST_STEP_MS);
      backoff.opened();
      clock.t += 5;
      expect(backoff.closed()).to.equal(500);
    });

    it('retries a refused token at the cap and leaves recovery', () => {
      const { backoff, clock } = setup(0.5);
      backoff.opened();
      clock.t += STABLE_AFTER_MS;
      backoff.closed();
      expect(backoff.failed(true)).to.equal(15_000);
      expect(backoff.recovering).to.equal(false);
    });
  });
});
