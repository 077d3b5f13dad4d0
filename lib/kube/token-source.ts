// The service-account token, re-read when the kubelet rotates it. Bound tokens
// are swapped on disk (an atomic symlink flip), so we watch the directory, poll
// as a fallback, and re-read on demand after a 401. A file that is briefly
// missing or empty keeps the last good token: requests in flight never fail
// because of a rotation.
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { AgentError } from '../errors.ts';

export interface TokenSourceOptions {
  file: string;
  /** Poll interval in ms, a fallback for file systems where watch is silent. */
  pollInterval?: number;
  onError?: (err: Error) => void;
  onRotate?: () => void;
}

export class FileTokenSource {
  readonly file: string;
  #token: string;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #onError: (err: Error) => void;
  #onRotate: () => void;

  constructor(options: TokenSourceOptions) {
    this.file = options.file;
    this.#onError = options.onError ?? (() => {});
    this.#onRotate = options.onRotate ?? (() => {});
    const first = readToken(this.file);
    if (first === undefined) {
      throw new AgentError('CREDENTIALS', `service-account token file ${this.file} is missing or empty`);
    }
    this.#token = first;
    try {
      // Watch the directory, not the file: rotation replaces the file.
      this.#watcher = watch(dirname(this.file), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(this.file) || name.startsWith('..')) this.reload();
      });
      this.#watcher.on('error', (err) => this.#onError(err));
    } catch (err) {
      this.#onError(err as Error);
    }
    this.#timer = setInterval(() => this.reload(), options.pollInterval ?? 30_000);
    this.#timer.unref();
  }

  get token(): string {
    return this.#token;
  }

  /** Re-reads the file; returns true when the token changed. */
  reload(): boolean {
    const next = readToken(this.file);
    if (next === undefined || next === this.#token) return false;
    this.#token = next;
    this.#onRotate();
    return true;
  }

  close(): void {
    this.#watcher?.close();
    if (this.#timer) clearInterval(this.#timer);
  }
}

function readToken(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
