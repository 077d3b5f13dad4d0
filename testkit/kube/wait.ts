// Waiting for the test cluster to reach a state during start-up: poll a check
// until it holds, failing early (with the daemon's last log lines) when a
// daemon it depends on exits, and with a clear message at the deadline.
import { get as httpGet } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Daemon } from './processes.ts';

const POLL_MS = 100;

/** Resolves once check() returns true; a throwing check counts as "not yet". */
export async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  daemons: Daemon[] = [],
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const exited = new Set<Daemon>();
  for (const daemon of daemons) void daemon.exited.then(() => exited.add(daemon));
  let lastError = '';
  for (;;) {
    const [dead] = exited;
    if (dead !== undefined) {
      throw new Error(`${dead.name} exited while waiting for ${what}; last log lines:\n${dead.logTail()}`);
    }
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err); // not listening yet, or not there yet
    }
    if (performance.now() > deadline) {
      const logs = daemons.map((d) => `--- ${d.name}:\n${d.logTail(15)}`).join('\n');
      throw new Error(`${what}: not reached within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}\n${logs}`);
    }
    await delay(POLL_MS);
  }
}

/** GET without keep-alive, so no idle socket holds the event loop open after start-up. */
export function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', reject);
  });
}
