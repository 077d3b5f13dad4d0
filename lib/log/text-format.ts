// `logging.format: text`: one human-readable line per record, written by the
// same pino logger (the JSON it produces is reshaped, synchronously, before
// reaching the destination). No pretty-printer dependency.
import type { DestinationStream } from 'pino';

const LEVELS: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function renderValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** Formats one pino JSON line; returns the input unchanged if it is not JSON. */
export function formatTextLine(line: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString() : '';
  const level = (LEVELS[rec.level as number] ?? String(rec.level)).padEnd(5);
  let out = `${time} ${level} ${typeof rec.msg === 'string' ? rec.msg : ''}`;
  for (const [k, v] of Object.entries(rec)) {
    if (OMIT.has(k) || v === undefined) continue;
    if (k === 'err' && v !== null && typeof v === 'object') {
      const e = v as { message?: string; code?: string; stack?: string };
      out += ` err=${renderValue(e.message ?? '')}${e.code ? ` code=${e.code}` : ''}`;
      if (e.stack) out += `\n${e.stack.split('\n').slice(1).join('\n')}`;
      continue;
    }
    out += ` ${k}=${renderValue(v)}`;
  }
  return `${out}\n`;
}

export function createTextDestination(target: DestinationStream): DestinationStream {
  return {
    write(chunk: string): void {
      target.write(formatTextLine(chunk));
    },
  };
}
