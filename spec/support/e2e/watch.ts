// A long-running `kubectl get -w` whose output lines can be awaited one by one.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WatchLine {
  event: string;
  name: string;
  line: string;
}

export class KubectlWatch {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  constructor(child: ChildProcess) {
    this.child = child;
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    if (child.stdout !== null) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        this.lines.push(line);
        this.#waiters = this.#waiters.filter((w) => {
          if (!w.match(line)) return true;
          w.resolve(line);
          return false;
        });
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
  }

  /** Resolves with the first line (already seen or to come) that matches. */
  waitForLine(match: RegExp, timeoutMs = 15_000): Promise<string> {
    return this.#waitFor((line) => match.test(line), `matching ${match}`, timeoutMs);
  }

  /** Resolves with the first `count` lines once they are printed (for output whose lines repeat, like a table watch's rows). */
  async waitForLines(count: number, timeoutMs = 15_000): Promise<string[]> {
    await this.#waitFor(() => this.lines.length >= count, `number ${count}`, timeoutMs);
    return this.lines.slice(0, count);
  }

  #waitFor(test: (line: string) => boolean, what: string, timeoutMs: number): Promise<string> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no watch line ${what} within ${timeoutMs} ms; lines:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      this.#waiters.push({
        match: test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** The watch events seen so far as (EVENT, name) pairs, from `--output-watch-events` table lines. */
  events(): [string, string][] {
    return this.lines
      .map((line) => /^(ADDED|MODIFIED|DELETED)\s+(\S+)/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']);
  }

  stop(): Promise<unknown> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}
