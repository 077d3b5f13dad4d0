// A count of events over the last minute (or any window), in one-second
// buckets: memory is fixed whatever the rate, and the answer is exact to a
// second. Feeds proxy.requests_per_minute.
export interface SlidingCountOptions {
  windowMs?: number;
  bucketMs?: number;
  now?: () => number;
}

export class SlidingCount {
  readonly #bucketMs: number;
  readonly #counts: number[];
  readonly #stamps: number[];
  readonly #now: () => number;

  constructor(options: SlidingCountOptions = {}) {
    const windowMs = options.windowMs ?? 60_000;
    this.#bucketMs = options.bucketMs ?? 1_000;
    const n = Math.ceil(windowMs / this.#bucketMs);
    this.#counts = new Array<number>(n).fill(0);
    this.#stamps = new Array<number>(n).fill(-1);
    this.#now = options.now ?? Date.now;
  }

  add(n = 1): void {
    const slot = Math.floor(this.#now() / this.#bucketMs);
    const i = slot % this.#counts.length;
    if (this.#stamps[i] !== slot) {
      this.#stamps[i] = slot;
      this.#counts[i] = 0;
    }
    this.#counts[i] += n;
  }

  /** Events in the window ending now. */
  total(): number {
    const slot = Math.floor(this.#now() / this.#bucketMs);
    const oldest = slot - this.#counts.length + 1;
    let sum = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      if (this.#stamps[i] >= oldest) sum += this.#counts[i];
    }
    return sum;
  }
}
