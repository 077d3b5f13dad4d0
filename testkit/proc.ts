// What the specs, the bench and the soak read about a process from /proc: is it
// still running, what did it start, and its CPU time and RSS. One place, so a
// zombie counts as gone everywhere and CPU ticks are converted one way.
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Running, that is: a zombie (exited, not yet reaped by whoever inherited it) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    return statFields(pid)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every process below pid, children first, found through each process's parent pid. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(statFields(Number(entry))[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '(gone)';
  }
}

export interface ProcSample {
  /** utime + stime, ms. */
  cpuMs: number;
  rssBytes: number;
}

/** CPU time and RSS of a running process now. */
export function sampleProcess(pid: number): ProcSample {
  const fields = statFields(pid);
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs: (ticks * 1000) / CLK_TCK, rssBytes: Number(rss?.[1] ?? 0) * 1024 };
}

export interface ProcUsage {
  cpuMs: number;
  peakRssBytes: number;
  startRssBytes: number;
  endRssBytes: number;
}

/** Samples RSS every `everyMs` until stopped; reports the peak and the CPU time used meanwhile. */
export function monitorProcess(pid: number, everyMs = 50): { stop(): ProcUsage } {
  const first = sampleProcess(pid);
  let peak = first.rssBytes;
  let last = first;
  const take = (): void => {
    try {
      last = sampleProcess(pid);
      peak = Math.max(peak, last.rssBytes);
    } catch {
      // the process is gone; whoever watches it fails on its own and keeps the last sample
    }
  };
  const t = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(t);
      take();
      return { cpuMs: last.cpuMs - first.cpuMs, peakRssBytes: peak, startRssBytes: first.rssBytes, endRssBytes: last.rssBytes };
    },
  };
}

export interface SchedSample {
  /** Time the process's main thread (a Node process's event loop) has run on a CPU, ms. */
  runMs: number;
  /** Time it was ready to run but waited on a run queue for a CPU, ms. */
  waitMs: number;
}

/** /proc/<pid>/schedstat of the main thread; 'self' for this process. */
export function schedStat(pid: number | 'self'): SchedSample {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { runMs: run / 1e6, waitMs: wait / 1e6 };
}
