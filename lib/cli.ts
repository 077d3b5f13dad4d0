// The command line: `pipeops-agent [run|config|health|doctor] [flags]`.
// Exit codes: 0 ok, 1 runtime failure, 2 invalid configuration, 64 usage.
// A configuration error prints one line per problem and never a stack trace.
// Only what a command needs is loaded: `health` runs every few seconds as a
// Kubernetes exec probe, so it and `config`, `--help`, `--version` load nothing
// of the agent (no logger, WebSocket, HTTP client, validators or metrics);
// spec/unit/cli/loaded-modules.spec.ts holds that.
import { parseArgs } from './config/args.ts';
import { loadConfig } from './config/load.ts';
import type { LoadResult } from './config/load.ts';
import type { AgentConfig } from './config/types.ts';
import { isAgentError } from './errors.ts';
import type { Logger } from './log/logger.ts';
import { AGENT_VERSION } from './version.ts';

// node:http through getBuiltinModule, not an ESM import: importing it evaluates every export, and its lazy
// `WebSocket` getter loads Node's bundled undici (13 MiB of memory, 0.1 s of CPU) for nothing.
const { request } = process.getBuiltinModule('node:http');

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_CONFIG = 2;
export const EXIT_USAGE = 64;

export interface CliIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const USAGE = `Usage: pipeops-agent [command] [flags]

Connects out to the PipeOps control plane and to Runners over WebSocket and
serves their Kubernetes API requests. It never accepts connections, except
/health, /ready and /metrics on agent.host:agent.port (127.0.0.1:8080).

Commands:
  run       run the agent (the default)
  config    print the effective configuration as YAML, secrets masked,
            each value not from the defaults annotated with its source
  health    ask a running agent's /ready (exit 0 when ready, else 1);
            with --live, its /health (alive, for liveness probes)
  doctor    check configuration, credentials and reachability, then exit

Flags:
  -c, --config <file>      configuration file (YAML); default $PIPEOPS_CONFIG, else none
      --log-level <level>  trace, debug, info, warn, error, fatal or silent
      --debug              debug logging, with redacted request/response bodies
      --set <key=value>    set any key, e.g. --set agent.port=9090 (repeatable)
  -h, --help               show this help
  -v, --version            print the version

Environment: every key can be set as PIPEOPS_<SECTION>_<KEY>, upper case, nested
keys joined with "_": PIPEOPS_PIPEOPS_API_URL, PIPEOPS_PIPEOPS_TOKEN,
PIPEOPS_AGENT_CLUSTER_NAME, PIPEOPS_PIPEOPS_TLS_INSECURE_SKIP_VERIFY,
PIPEOPS_AGENT_LABELS="k=v,k2=v2". Durations read "30s", "500ms", "1m30s".
Precedence: flags > environment > file > defaults. With systemd, a credential
named pipeops-token ($CREDENTIALS_DIRECTORY) supplies the token.

Exit codes: 0 ok, 1 failure, 2 invalid configuration, 64 usage error.
`;

const defaultIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) return write(io.stdout, USAGE, EXIT_OK);
    if (args.version) return write(io.stdout, `pipeops-agent ${AGENT_VERSION}\n`, EXIT_OK);
  } catch (err) {
    if (isAgentError(err, 'USAGE')) return write(io.stderr, `pipeops-agent: ${err.message}\nRun "pipeops-agent --help" for usage.\n`, EXIT_USAGE);
    throw err;
  }

  let loaded: LoadResult;
  try {
    loaded = loadConfig({ argv, env: io.env, cwd: io.cwd });
  } catch (err) {
    if (isAgentError(err, 'CONFIG_INVALID') || isAgentError(err, 'CONFIG_UNREADABLE')) return write(io.stderr, `${err.message}\n`, EXIT_CONFIG);
    throw err;
  }

  switch (loaded.command) {
    case 'config': {
      for (const w of loaded.warnings) io.stderr.write(`warning: ${w}\n`);
      const { configToYaml } = await import('./config/print.ts');
      return write(io.stdout, configToYaml(loaded.config, loaded.sources), EXIT_OK);
    }
    case 'health':
      return health(loaded.config, io, loaded.args.live);
    case 'doctor': {
      const { runDoctor } = await import('./doctor/doctor.ts');
      return runDoctor(loaded.config, io.stdout, { env: io.env, configFile: loaded.configFile, warnings: loaded.warnings });
    }
    case 'run':
      return run(loaded);
  }
}

function write(stream: CliIO['stdout'], text: string, code: number): number {
  stream.write(text);
  return code;
}

async function run(loaded: LoadResult): Promise<number> {
  const { config } = loaded;
  const { createLogger } = await import('./log/logger.ts');
  const logger: Logger = createLogger(config.logging, { debug: config.agent.debug });
  for (const w of loaded.warnings) logger.warn(w);
  logger.info({ version: AGENT_VERSION, config_file: loaded.configFile }, 'starting pipeops-agent');

  let signalled: string | undefined;
  let requestStop: (reason: string) => void = (reason) => void (signalled ??= reason);
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled !== undefined) {
      logger.warn({ signal }, 'second signal: exiting without waiting for shutdown');
      process.exit(130);
    }
    signalled = signal;
    requestStop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    // Loaded on demand: `config`, `health` and `--help` do not pay for the whole agent.
    const { startAgent } = await import('./start-agent.ts');
    const agent = await startAgent(config, logger);
    requestStop = (reason) => {
      agent.stop(reason).catch((err: unknown) => logger.error({ err }, 'shutdown failed'));
    };
    if (signalled !== undefined) requestStop(signalled);
    await agent.done;
    return signalled !== undefined ? EXIT_OK : EXIT_FAILURE;
  } catch (err) {
    // An AgentError is an operator-facing condition (credentials, refused token): its message says it all.
    if (isAgentError(err)) logger.fatal({ code: err.code }, `cannot run: ${err.message}`);
    else logger.fatal({ err }, 'the agent failed');
    return EXIT_FAILURE;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

function localHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

async function health(config: AgentConfig, io: CliIO, live: boolean): Promise<number> {
  if (config.agent.port === 0) return write(io.stderr, 'health: agent.port is 0 (a random port); set the port to check it\n', EXIT_FAILURE);
  const url = `http://${localHost(config.agent.host)}:${config.agent.port}${live ? '/health' : '/ready'}`;
  try {
    // node:http, not fetch: fetch loads Node's bundled undici, which costs a probe more CPU than everything else it does.
    const { status, body } = await get(url, 2000);
    if (status === 200) return write(io.stdout, `${live ? 'alive' : 'ready'} (${url})${body ? `: ${body}` : ''}\n`, EXIT_OK);
    return write(io.stderr, `not ${live ? 'alive' : 'ready'}: ${url} answered ${status}${body ? `: ${body}` : ''}\n`, EXIT_FAILURE);
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return write(io.stderr, `not ready: ${url} did not answer within 2s\n`, EXIT_FAILURE);
    const cause = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return write(io.stderr, `not ready: ${url} cannot be reached (${cause})\n`, EXIT_FAILURE);
  }
}

/** One GET; the body is read up to 64 KiB (a /ready answer is a line or two). */
function get(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { signal: AbortSignal.timeout(timeoutMs), headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 65_536) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      const cause = err.cause;
      reject(err.name === 'AbortError' && cause instanceof Error && cause.name === 'TimeoutError' ? cause : err);
    });
    req.end();
  });
}
