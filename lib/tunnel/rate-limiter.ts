// Token bucket for the request rate of one socket.

export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;
  readonly #now: () => number;

  constructor(ratePerSecond: number, burst: number, now: () => number = () => performance.now()) {
    this.#rate = ratePerSecond;
    this.#burst = Math.max(1, burst);
    this.#tokens = this.#burst;
    this.#now = now;
    this.#last = now();
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait before a retry. */
  take(): number {
    if (this.#rate <= 0) return 0;
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.#rate));
  }
}
