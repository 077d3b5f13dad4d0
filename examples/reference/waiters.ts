// Promises for "the next one that matches": what waitForAgent, waitForRegister and
// waitForHeartbeat hand out. Each waiter has its own timeout and is forgotten once it
// resolves or times out, so a caller that gives up leaves nothing behind.
export class Waiters<Q, T> {
  readonly #waiting = new Set<{ query: Q; resolve(value: T): void }>();

  /** Resolves with the next value settled for a matching query; rejects with `timeoutMessage` after timeoutMs. */
  next(query: Q, timeoutMs: number, timeoutMessage: string): Promise<T> {
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    const waiter = {
      query,
      resolve: (value: T) => {
        clearTimeout(timer);
        resolve(value);
      },
    };
    const timer = setTimeout(() => {
      this.#waiting.delete(waiter);
      reject(new Error(timeoutMessage));
    }, timeoutMs);
    this.#waiting.add(waiter);
    return promise;
  }

  /** Resolves every waiter whose query `accepts` with value. */
  settle(value: T, accepts: (query: Q) => boolean): void {
    for (const waiter of [...this.#waiting]) {
      if (accepts(waiter.query)) {
        this.#waiting.delete(waiter);
        waiter.resolve(value);
      }
    }
  }
}
