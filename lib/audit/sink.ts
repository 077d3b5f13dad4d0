// Where audit lines go: the process's stdout or stderr, or a file that is
// rotated by size (<output>.1 is the newest old file, <output>.N the oldest).
// A sink takes whole batches of lines and settles once they are written or
// failed; it never throws synchronously. Rotation happens only for regular
// files, so a path such as /dev/full or a FIFO is written as it is.
import { mkdirSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { AgentError } from '../errors.ts';

export interface AuditSink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** A sink over an already open stream (process.stdout, process.stderr, or a test's Writable). */
export function streamSink(stream: Writable): AuditSink {
  return {
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        stream.write(chunk, (err) => (err ? reject(err) : resolve()));
      }),
    close: () => Promise.resolve(),
  };
}

export interface FileSinkOptions {
  path: string;
  maxBytes: number;
  maxFiles: number;
}

export class FileSink implements AuditSink {
  readonly #options: FileSinkOptions;
  /** Undefined after a failed rotation; the next write opens the file again. */
  #handle: FileHandle | undefined;
  #size: number;
  readonly #rotates: boolean;

  private constructor(options: FileSinkOptions, handle: FileHandle, size: number, rotates: boolean) {
    this.#options = options;
    this.#handle = handle;
    this.#size = size;
    this.#rotates = rotates;
  }

  /** Opens (creating the directory) or fails with a CONFIG_INVALID naming audit.output. */
  static async open(options: FileSinkOptions): Promise<FileSink> {
    try {
      mkdirSync(dirname(options.path), { recursive: true });
      const handle = await open(options.path, 'a', 0o600);
      const st = await handle.stat();
      return new FileSink(options, handle, st.size, st.isFile());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new AgentError('CONFIG_INVALID', `audit.output: ${JSON.stringify(options.path)} cannot be opened for writing: ${code}`, { cause: err });
    }
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.#rotates && this.#size > 0 && this.#size + chunk.length > this.#options.maxBytes) await this.#rotate();
    this.#handle ??= await this.#reopen();
    await this.#handle.write(chunk);
    this.#size += chunk.length;
  }

  async #rotate(): Promise<void> {
    const { path, maxFiles } = this.#options;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
    await rm(`${path}.${maxFiles}`, { force: true });
    for (let i = maxFiles - 1; i >= 1; i--) {
      await rename(`${path}.${i}`, `${path}.${i + 1}`).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    await rename(path, `${path}.1`);
  }

  async #reopen(): Promise<FileHandle> {
    const handle = await open(this.#options.path, 'a', 0o600);
    this.#size = (await handle.stat()).size;
    return handle;
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}
