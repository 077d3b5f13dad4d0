// The agent's logger: pino, JSON lines by default, to stdout, stderr or a file,
// with secrets redacted by path and every written line scrubbed of bearer
// tokens and JWTs (a token inside an error message still never gets out).
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { AgentConfig } from '../config/types.ts';
import { REDACTED, REDACT_PATHS, redactString } from './redact.ts';
import { createTextDestination } from './text-format.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** agent.debug: lowers the level to debug when it is higher. */
  debug?: boolean;
  /** Where lines go instead of logging.output (tests pass a sink). */
  destination?: DestinationStream;
}

const ORDER = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export function effectiveLevel(level: AgentConfig['logging']['level'], debug: boolean): string {
  return debug && ORDER.indexOf(level) > ORDER.indexOf('debug') ? 'debug' : level;
}

function openOutput(output: string): DestinationStream {
  if (output === 'stdout') return pino.destination({ dest: 1, sync: true });
  if (output === 'stderr') return pino.destination({ dest: 2, sync: true });
  return pino.destination({ dest: output, sync: true, mkdir: true, append: true });
}

export function createLogger(logging: AgentConfig['logging'], opts: LoggerOptions = {}): Logger {
  let destination = opts.destination ?? openOutput(logging.output);
  if (logging.format === 'text') destination = createTextDestination(destination);
  return pino(
    {
      level: effectiveLevel(logging.level, opts.debug ?? false),
      base: { pid: process.pid },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      hooks: { streamWrite: redactString },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
