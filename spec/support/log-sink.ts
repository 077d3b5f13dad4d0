// A pino logger that keeps its lines in memory, so a spec can assert on what
// was logged (and that no secret was).
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface LogSink {
  logger: Logger;
  lines: Record<string, unknown>[];
  /** Lines whose msg contains the text. */
  find(text: string): Record<string, unknown>[];
}

export function logSink(level = 'debug'): LogSink {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino({ level }, stream);
  return { logger, lines, find: (text) => lines.filter((l) => String(l.msg).includes(text)) };
}
