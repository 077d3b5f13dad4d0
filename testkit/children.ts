// Child processes of an end-to-end run or of the demo (the agent under test),
// and their clean-up. Each child runs in its own process group, so a Ctrl-C in
// the terminal reaches only the parent, which then stops the children in
// order. They are killed when the parent exits, and — if the parent is killed
// outright — by a small detached watchdog waiting for the parent to disappear.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildSpawnOptions {
  /** The whole environment of the child (nothing is inherited implicitly). */
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  logFile: string;
  cwd?: string;
  /** Removed by the watchdog if the parent dies without cleaning up (the run's temp dir). */
  parentDir?: string;
}

export class Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  readonly exited: Promise<ChildExit>;
  #exit: ChildExit | undefined;
  #watchdog: ChildProcess | undefined;

  constructor(name: string, command: string, args: string[], options: ChildSpawnOptions) {
    this.name = name;
    this.logFile = options.logFile;
    const fd = openSync(options.logFile, 'a');
    try {
      this.process = spawn(command, args, {
        env: options.env,
        cwd: options.cwd,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        const exit: ChildExit = { code, signal };
        this.#exit = exit;
        LIVE.delete(this);
        // Resolve once the watchdog is gone too, so "exited" means nothing of this child is left.
        void this.#stopWatchdog().then(() => resolve(exit));
      });
      this.process.once('error', () => {
        this.#exit = { code: null, signal: null };
        LIVE.delete(this);
        resolve(this.#exit);
      });
    });
    if (this.process.pid !== undefined) {
      LIVE.add(this);
      this.#watchdog = startWatchdog(this.process.pid, options.parentDir);
    }
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get running(): boolean {
    return this.#exit === undefined && this.process.pid !== undefined;
  }

  /** Signals the child's whole process group. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves with how it exited. */
  async stop(graceMs = 10_000): Promise<ChildExit> {
    if (!this.running) return this.exited;
    this.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), delay(graceMs, false, { ref: false })]);
    if (!stopped) this.kill('SIGKILL');
    return this.exited;
  }

  /** The last lines of the child's log, for failure messages. */
  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  #stopWatchdog(): Promise<void> {
    const watchdog = this.#watchdog;
    this.#watchdog = undefined;
    if (watchdog?.pid === undefined || watchdog.exitCode !== null || watchdog.signalCode !== null) return Promise.resolve();
    const gone = new Promise<void>((resolve) => watchdog.once('exit', () => resolve()));
    watchdog.ref(); // an unref'd child's exit would not keep this process alive to see it
    try {
      process.kill(-watchdog.pid, 'SIGKILL');
    } catch {
      return Promise.resolve(); // already gone
    }
    return gone;
  }
}

const LIVE = new Set<Child>();

/** Stops every child still running (in parallel). */
export async function stopAllChildren(graceMs?: number): Promise<void> {
  await Promise.all([...LIVE].map((child) => child.stop(graceMs)));
}

process.on('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

function startWatchdog(group: number, dir: string | undefined): ChildProcess {
  // Blocks in `read` (no fork, so a kill of it leaves nothing behind) until this process's end of the
  // pipe closes, which happens however this process ends; then kills the child's group.
  const script = 'group=$1; dir=$2; read -r _; kill -9 "-$group" 2>/dev/null; [ -n "$dir" ] && rm -rf "$dir"; exit 0';
  const args = ['-c', script, 'child-watchdog', String(group), dir ?? ''];
  const watchdog = spawn('/bin/sh', args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.stdin?.on('error', () => undefined); // EPIPE once it is gone
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.unref();
  return watchdog;
}
