// The one way the tests, the bench and the demo wait for a state they cannot
// await as an event: poll a check until it holds. The deadline only turns a hang
// into a clear failure; it is never what a test asserts, so it is generous. The
// polling uses the timer captured when this module loaded, so a spec that fakes
// setTimeout afterwards (sinon) still polls in real time.
const realSetTimeout = globalThis.setTimeout;
const pause = (ms: number): Promise<void> => new Promise((resolve) => realSetTimeout(resolve, ms));

/** Polls until the check passes (returns true) or the time is up; a check that throws counts as "not yet". */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 25): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await pause(intervalMs);
  }
}

/** eventually() with the description first and a 45 s hang guard, for specs that wait on many small states. */
export function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  return eventually(check, timeoutMs, what, 5);
}
