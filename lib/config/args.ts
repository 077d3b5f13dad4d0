// Command-line parsing: one command and the flags the agent understands.
// Anything else is a usage error (exit 64), never silently ignored.
import { parseArgs as nodeParseArgs } from 'node:util';
import { AgentError } from '../errors.ts';

export const COMMANDS = ['run', 'config', 'health', 'doctor'] as const;
export type Command = (typeof COMMANDS)[number];

export interface ParsedArgs {
  command: Command;
  help: boolean;
  version: boolean;
  configFile: string | undefined;
  logLevel: string | undefined;
  debug: boolean;
  /** `--set key=value` pairs in the order given. */
  sets: Array<{ key: string; value: string }>;
  /** `health --live`: ask /health (alive) instead of /ready. */
  live: boolean;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = nodeParseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        'log-level': { type: 'string' },
        debug: { type: 'boolean' },
        set: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        live: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new AgentError('USAGE', (err as Error).message, { cause: err });
  }
  const { values, positionals } = parsed;
  let help = values.help === true;
  let command: Command = 'run';
  if (positionals.length > 1) {
    throw new AgentError('USAGE', `one command expected, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  if (positionals.length === 1) {
    const name = positionals[0];
    if (name === 'help') help = true;
    else if ((COMMANDS as readonly string[]).includes(name)) command = name as Command;
    else throw new AgentError('USAGE', `unknown command "${name}" (commands: ${COMMANDS.join(', ')})`);
  }
  const sets = (values.set ?? []).map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new AgentError('USAGE', `--set expects key=value with a dotted key, got "${pair}"`);
    return { key: pair.slice(0, eq).trim(), value: pair.slice(eq + 1) };
  });
  return {
    command,
    help,
    version: values.version === true,
    live: values.live === true,
    configFile: values.config,
    logLevel: values['log-level'],
    debug: values.debug === true,
    sets,
  };
}

/** True when the command line runs the agent (not help, version or a short command); false for a usage error too. */
export function isLongRunning(argv: readonly string[]): boolean {
  try {
    const args = parseArgs(argv);
    return args.command === 'run' && !args.help && !args.version;
  } catch {
    return false;
  }
}
