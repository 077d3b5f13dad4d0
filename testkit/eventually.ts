// The one way the tests wait for a state they cannot await as an event: poll a
// check until it holds. The deadline only turns a hang into a clear failure; it
// is never what a test asserts, so it is generous.
import { setTimeout as delay } from 'node:timers/promises';

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
    await delay(intervalMs);
  }
}
