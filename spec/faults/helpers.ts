// Shared checks of the fault specs: one terminal frame per request, nothing
// left open upstream, and no timer, socket or listener left behind.
import { expect } from 'chai';
import { createHook } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { isTerminal } from '../../testkit/runner-peer/connection.ts';

export { delay };
export { eventually } from '../../testkit/eventually.ts';

/** Terminal frames per request id, over every connection given. */
export function terminalCounts(conns: PeerConnection[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of conns) {
    for (const f of c.frames) {
      if (f.type !== undefined || !isTerminal(f)) continue;
      counts.set(f.id, (counts.get(f.id) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Every request sent on `conn` got at most one terminal frame, and exactly one
 * when the connection is still open (a request lost with its socket has no one
 * to answer).
 */
export function expectTerminalFrames(conn: PeerConnection, ids: string[], options: { lost?: boolean } = {}): void {
  const counts = terminalCounts([conn]);
  // `lost`: the agent gave the socket up although this end still sees it open (half-open).
  const survived = !options.lost && conn.ws.readyState === conn.ws.OPEN;
  for (const id of ids) {
    const n = counts.get(id) ?? 0;
    expect(n, `terminal frames for ${id}`).to.be.at.most(1);
    if (survived) expect(n, `terminal frames for ${id} on a live socket`).to.equal(1);
  }
}

/** Counts of the kinds of handle that can leak, as process.getActiveResourcesInfo() lists them. */
export function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (!/Timeout|TCP|Pipe|FSEvent|StatWatcher/.test(kind)) continue;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

const TRACKED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP', 'FSEVENTWRAP', 'STATWATCHER', 'PIPEWRAP', 'TCPCONNECTWRAP']);

export interface HandleTracker {
  /** Fails with the creation stack of every handle made since tracking began that is still open and keeps the process alive. */
  expectNone(): Promise<void>;
}

/**
 * Records every timer, socket, server and file watcher created from now on.
 * Unref'd timers (AbortSignal.timeout's, which end by themselves) do not count:
 * a leak is a handle that would keep the process alive.
 */
export function trackHandles(): HandleTracker {
  const live = new Map<number, { type: string; resource: { hasRef?: () => boolean }; stack: string }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (!TRACKED.has(type)) return;
      const frames = (new Error().stack ?? '').split('\n').slice(2).filter((l) => !/\(node:|at node:/.test(l));
      // The test runner's own timers are not the agent's.
      if (frames[0]?.includes('node_modules/mocha/')) return;
      const stack = frames.slice(0, 6).join('\n');
      live.set(id, { type, resource: resource, stack });
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    async expectNone() {
      const leaked = (): string[] =>
        [...live.values()]
          .filter((h) => h.resource.hasRef?.() !== false && !h.stack.includes('helpers.ts'))
          .map((h) => `${h.type}\n${h.stack}`);
      const deadline = performance.now() + 3000;
      while (leaked().length > 0 && performance.now() < deadline) await delay(50);
      hook.disable();
      expect(leaked(), 'handles left open after the agent stopped').to.deep.equal([]);
    },
  };
}

/** The parsed JSON log lines of an in-process test agent. */
export function logLines(logs: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const chunk of logs) {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        out.push({ msg: line });
      }
    }
  }
  return out;
}
