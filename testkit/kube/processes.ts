// Child processes of the test API server and their clean-up. Each daemon runs
// in its own process group (so a kill reaches anything it forks) with its
// output in a log file. Clean-up happens on stop(), on process exit, on
// SIGINT/SIGTERM/SIGHUP (unless the program handles the signal itself), and — if this process is killed outright — from a
// small detached watchdog that waits for this process to disappear. Processes
// that escaped their group (kwok starts `kubectl exec -t` commands in a session
// of their own, and leaves them running when the client goes away) are found
// by their working directory: anything still running inside the run's dir is
// ours, and is killed with the rest.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Ports the test kit hands out: below Linux's ephemeral range (32768-60999 by default). A port from that range (what
 * listening on port 0 gives) can be taken by any outgoing connection on the machine between our check and the
 * daemon's own listen; outgoing connections never get a port from here.
 */
const PORT_MIN = 20_000;
const PORT_SPAN = 12_000;

/** Resolves true when 127.0.0.1:port can be listened on now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Ports this process has handed out: a daemon may not listen on its port yet when the next one is picked. */
const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1, picked at random below the ephemeral range and checked by listening on it; never one
 * this process handed out before (the five ports of a cluster are picked at once, before any daemon listens).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = PORT_MIN + randomInt(PORT_SPAN);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${PORT_MIN} and ${PORT_MIN + PORT_SPAN} after 100 tries`);
}

export interface Daemon {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Last lines of the daemon's log, for error messages. */
  logTail(lines?: number): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Owns a temp dir and the daemons started in it; removes both exactly once. */
export class ProcessSet {
  readonly dir: string;
  readonly #daemons: Daemon[] = [];
  /** How each daemon was started, for respawn(). */
  readonly #launches = new Map<Daemon, () => Daemon>();
  #watchdog: ChildProcess | undefined;
  #cleaned = false;
  readonly #onExit = (): void => this.killNow();
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    // A program with handlers of its own for the signal (the demo) owns the shutdown: it stops the cluster in
    // its order, after what still uses it; killing it here would pull the cluster from under those steps.
    // The exit handler and the watchdog still clean up if it never does.
    if (process.listenerCount(signal) > 0) return;
    this.killNow();
    // Let the signal do what it would have done without us.
    process.kill(process.pid, signal);
  };

  constructor(dir: string) {
    this.dir = dir;
    process.once('exit', this.#onExit);
    for (const signal of SIGNALS) process.once(signal, this.#onSignal);
    this.#startWatchdog();
  }

  /** Process ids of the daemons and of the watchdog, for specs proving clean-up. */
  get pids(): { daemons: number[]; watchdog: number | undefined } {
    return {
      daemons: this.#daemons.map((d) => d.child.pid).filter((pid) => pid !== undefined),
      watchdog: this.#watchdog?.pid,
    };
  }

  spawn(name: string, command: string, args: string[], logFile: string, options: { cwd?: string } = {}): Daemon {
    const fd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], cwd: options.cwd });
    } finally {
      closeSync(fd);
    }
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    const daemon: Daemon = {
      name,
      child,
      logFile,
      exited,
      logTail: (lines = 30) => tail(logFile, lines),
    };
    this.#daemons.push(daemon);
    this.#launches.set(daemon, () => this.spawn(name, command, args, logFile, options));
    this.#startWatchdog();
    return daemon;
  }

  /** Kills one daemon (its whole group) and starts it again the same way; the old one leaves the set. */
  async respawn(daemon: Daemon): Promise<Daemon> {
    const launch = this.#launches.get(daemon);
    if (!launch) throw new Error(`${daemon.name} was not started by this process set`);
    signalGroup(daemon.child, 'SIGKILL');
    await daemon.exited;
    this.#daemons.splice(this.#daemons.indexOf(daemon), 1);
    this.#launches.delete(daemon);
    return launch();
  }

  /** Stops the daemons in reverse start order (SIGTERM, then SIGKILL after graceMs) and removes the dir. */
  async stop(graceMs = 5000): Promise<void> {
    const daemonPids = new Set(this.pids.daemons);
    for (const daemon of this.#daemons.toReversed()) {
      // Orphans first: a kwok exec child would outlive kwok and hold files open.
      killInside(this.dir, daemonPids);
      if (!isRunning(daemon.child)) continue;
      signalGroup(daemon.child, 'SIGTERM');
      const stopped = await Promise.race([daemon.exited.then(() => true), delay(graceMs, false, { ref: false })]);
      if (!stopped) {
        signalGroup(daemon.child, 'SIGKILL');
        await daemon.exited;
      }
    }
    const watchdog = this.#watchdog;
    const watchdogGone =
      watchdog === undefined || watchdog.exitCode !== null || watchdog.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            watchdog.once('exit', () => resolve());
            watchdog.ref(); // an unref'd child's exit would not keep this process alive to see it
          });
    this.killNow();
    // Resolve only once nothing of the run is left, the watchdog included.
    await watchdogGone;
  }

  /** Synchronous last resort: SIGKILL every group, remove the dir, drop the handlers. */
  killNow(): void {
    if (this.#cleaned) return;
    this.#cleaned = true;
    for (const daemon of this.#daemons) signalGroup(daemon.child, 'SIGKILL');
    killInside(this.dir);
    if (this.#watchdog?.pid !== undefined) {
      try {
        process.kill(-this.#watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    process.removeListener('exit', this.#onExit);
    for (const signal of SIGNALS) process.removeListener(signal, this.#onSignal);
  }

  /** (Re)starts the watchdog so it knows every process group to kill. */
  #startWatchdog(): void {
    if (this.#watchdog?.pid !== undefined) {
      try {
        process.kill(-this.#watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const groups = this.#daemons.map((d) => d.child.pid).filter((pid) => pid !== undefined);
    // Blocks in `read` (no fork, so a kill of it leaves nothing behind) until this process's end of
    // the pipe closes, which happens however this process ends.
    const script =
      'dir=$1; shift; read -r _; ' +
      'for g in "$@"; do kill -9 "-$g" 2>/dev/null; done; ' +
      'for p in /proc/[0-9]*; do case "$(readlink "$p/cwd" 2>/dev/null)" in "$dir"|"$dir"/*) kill -9 "${p#/proc/}" 2>/dev/null;; esac; done; ' +
      'rm -rf "$dir"';
    const args = ['-c', script, 'kube-watchdog', this.dir, ...groups.map(String)];
    this.#watchdog = spawn('/bin/sh', args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    this.#watchdog.stdin?.on('error', () => undefined); // EPIPE once it is gone
    (this.#watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    this.#watchdog.unref();
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** SIGKILLs every process (but this one and those in spare) whose working directory is dir or below it. */
export function killInside(dir: string, spare: ReadonlySet<number> = new Set()): number[] {
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return killed; // no procfs: nothing to sweep
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || spare.has(pid)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (cwd !== dir && !cwd.startsWith(`${dir}/`)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
