// The reference servers' logger: anything with pino's (object, message) methods.
// Defaults to pino on stdout so a person running the CLI sees connection state and
// heartbeats; specs pass `silentLogger` or a collecting sink.
import { pino } from 'pino';

export interface ReferenceLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function createReferenceLogger(name: string): ReferenceLogger {
  return pino({ name, level: process.env.LOG_LEVEL ?? 'info' });
}

export const silentLogger: ReferenceLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  [key: string]: unknown;
}

/** A logger that keeps every line in `lines`, for assertions. */
export function createLogSink(): ReferenceLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg: string) => {
    lines.push({ ...obj, level, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
