// How long to wait before the next dial of one socket. Two regimes:
//
// - Recovering: the last connection lived long enough to count as stable (a
//   Runner restarted, a network blip). The first redial goes out within a small
//   first step (full jitter over 0-100 ms, so a fleet that lost the same server
//   does not dial in lockstep), and every later wait is full jitter over half
//   the time already spent down (at least the first step, at most the cap).
//   Waits still grow geometrically with the attempts (on average by a quarter
//   each), but the next dial is never further away than half the outage's
//   age: a server back after 1 s is redialled within 0.5 s, whatever the dice
//   said before.
// - Failing: the socket never connected, or its connections die young (a
//   flapping or refusing server). The contract's exponential backoff with full
//   jitter, counted over the failed dials and the short-lived connections alike.
//
// A refused token is retried at the cap. The clock and the dice are injected.

export interface BackoffPolicy {
  /** Backoff base in ms. */
  interval: number;
  /** Backoff cap in ms. */
  max_interval: number;
}

/** A connection that lived shorter than this counts as a failed attempt. */
export const STABLE_AFTER_MS = 10_000;
/** The ceiling of the first redial after a stable connection dropped. */
export const FIRST_STEP_MS = 100;

export class RedialBackoff {
  readonly #policy: BackoffPolicy;
  readonly #now: () => number;
  readonly #random: () => number;
  /** Failed dials plus short-lived connections since the last stable one. */
  #failures = 0;
  /** When the last stable connection dropped; undefined while failing (or before any connection). */
  #downSince: number | undefined;
  #openedAt = 0;

  constructor(policy: BackoffPolicy, now: () => number = () => performance.now(), random: () => number = Math.random) {
    this.#policy = policy;
    this.#now = now;
    this.#random = random;
  }

  /** True while redialling after a stable connection (the outage clock runs). */
  get recovering(): boolean {
    return this.#downSince !== undefined;
  }

  opened(): void {
    this.#openedAt = this.#now();
  }

  /** The connection closed: returns the wait before the first redial. */
  closed(): number {
    const now = this.#now();
    if (now - this.#openedAt >= STABLE_AFTER_MS) {
      this.#failures = 0;
      this.#downSince = now;
      return this.#random() * FIRST_STEP_MS;
    }
    // Died young: a flapping server is backed off like one that refuses.
    this.#downSince = undefined;
    return this.#random() * this.#ceiling(++this.#failures);
  }

  /** A dial failed: returns the wait before the next one. */
  failed(authRejected = false): number {
    const { max_interval } = this.#policy;
    if (authRejected) {
      this.#downSince = undefined;
      this.#failures++;
      return max_interval;
    }
    if (this.#downSince !== undefined) {
      const down = this.#now() - this.#downSince;
      return this.#random() * Math.min(max_interval, Math.max(FIRST_STEP_MS, down / 2));
    }
    return this.#random() * this.#ceiling(++this.#failures);
  }

  #ceiling(attempt: number): number {
    const { interval, max_interval } = this.#policy;
    return Math.min(max_interval, interval * 2 ** Math.min(30, attempt - 1));
  }
}
