// Loads the effective configuration: defaults < file < environment < flags.
// Every value remembers where it came from, so a bad one is reported as
// `agent.port: 70000 (env PIPEOPS_AGENT_PORT) must be <= 65535`, all problems
// at once, one line each. The result is validated, converted (durations to
// milliseconds, token files read) and deeply frozen.
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { AgentError } from '../errors.ts';
import { parseArgs } from './args.ts';
import type { Command, ParsedArgs } from './args.ts';
import { parseDuration } from './duration.ts';
import { auditOutputProblems, impersonationProblems } from './audit-rules.ts';
import { formatSource, problemLine, schemaProblems, unknownKeyLine } from './problems.ts';
import type { Source } from './problems.ts';
import { KEY_BY_ENV, KEY_BY_NAME, KEY_SPECS, validateRawConfig } from './schema.ts';
import type { KeySpec } from './schema.ts';
import type { AgentConfig, RunnerConfig } from './types.ts';
import { isPlaintextRemote } from './url-policy.ts';
import { readConfigFile } from './config-file.ts';
import { coerce, getPath, mergeFile, recordSources, setPath, type Raw } from './raw-config.ts';
import { resolvePipeopsToken, resolveRunners, type SecretContext } from './secrets.ts';

/** The longest delay a Node timer holds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export { parseDuration, formatDuration } from './duration.ts';
export { maskConfig } from './mask.ts';
export type { Source } from './problems.ts';

export interface LoadOptions {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface LoadResult {
  command: Command;
  args: ParsedArgs;
  config: AgentConfig;
  /** For every key (and `runners`): where its value came from, e.g. `env PIPEOPS_AGENT_PORT`. */
  sources: Readonly<Record<string, string>>;
  /** Absolute path of the file read, or null when there was none. */
  configFile: string | null;
  /** Things worth a log line at start-up that do not stop the agent. */
  warnings: readonly string[];
}

export { SYSTEMD_TOKEN_CREDENTIAL } from './secrets.ts';
export const DEFAULT_STATE_FILE = '/var/lib/pipeops-agent/state.json';

export function loadConfig(opts: LoadOptions): LoadResult {
  const args = parseArgs(opts.argv);
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env;
  const raw: Raw = {};
  const sources = new Map<string, Source>();
  const problems: string[] = [];
  const warnings: string[] = [];
  const DEFAULT: Source = { kind: 'default' };

  // 1. Defaults (some depend on the host: the name, systemd's StateDirectory).
  for (const spec of KEY_SPECS) {
    if (spec.default !== undefined) setPath(raw, spec.key, structuredClone(spec.default));
    sources.set(spec.key, DEFAULT);
  }
  setPath(raw, 'agent.name', hostname());
  const stateDir = env.STATE_DIRECTORY?.split(':')[0];
  setPath(raw, 'agent.state_file', stateDir ? join(stateDir, 'state.json') : DEFAULT_STATE_FILE);

  // 2. The file: --config, else PIPEOPS_CONFIG, else none.
  let configFile: string | null = null;
  const fileFrom: Source | undefined =
    args.configFile !== undefined ? { kind: 'flag', name: '--config' } : env.PIPEOPS_CONFIG ? { kind: 'env', name: 'PIPEOPS_CONFIG' } : undefined;
  if (fileFrom !== undefined) {
    const file = readConfigFile(args.configFile ?? env.PIPEOPS_CONFIG!, fileFrom, cwd);
    configFile = file.path;
    if (file.content) mergeFile(raw, file.content, '', { kind: 'file', path: configFile }, sources);
  }

  // 3. The environment, looked up from the key list (names contain underscores).
  for (const [name, text] of Object.entries(env)) {
    if (text === undefined || !name.startsWith('PIPEOPS_') || name === 'PIPEOPS_CONFIG') continue;
    const spec = KEY_BY_ENV.get(name);
    if (spec === undefined) {
      warnings.push(`env ${name} is not a known setting and is ignored`);
      continue;
    }
    applyText(spec, text, { kind: 'env', name });
  }

  // 4. Flags.
  for (const { key, value } of args.sets) {
    const spec = KEY_BY_NAME.get(key);
    const source: Source = { kind: 'flag', name: `--set ${key}` };
    if (spec === undefined) problems.push(unknownKeyLine(key, source));
    else if (spec.type === 'array') problems.push(`${key}: (${formatSource(source)}) can only be set in the configuration file`);
    else applyText(spec, value, source);
  }
  if (args.logLevel !== undefined) applyText(KEY_BY_NAME.get('logging.level')!, args.logLevel, { kind: 'flag', name: '--log-level' });
  if (args.debug) applyText(KEY_BY_NAME.get('agent.debug')!, 'true', { kind: 'flag', name: '--debug' });

  function applyText(spec: KeySpec, text: string, source: Source): void {
    const value = coerce(spec, text);
    if (value === undefined) {
      problems.push(problemLine(spec.key, text, source, 'must be a comma-separated list of key=value pairs'));
      return;
    }
    recordSources(spec.key, value, source, sources);
    setPath(raw, spec.key, value);
  }

  const sourceAt = (key: string): Source => {
    for (let k = key; k !== ''; k = k.replace(/(\.[^.[]*|\[\d+\])$/, '')) {
      const s = sources.get(k);
      if (s !== undefined) return s;
      if (!/[.[]/.test(k)) break;
    }
    return DEFAULT;
  };

  // 5. Validate the raw configuration against the schema.
  if (!validateRawConfig(raw)) {
    problems.push(...schemaProblems(validateRawConfig.errors ?? [], (k) => getPath(raw, k), sourceAt));
  }
  if (problems.length > 0) throw new AgentError('CONFIG_INVALID', problems.join('\n'));

  // 6. Convert: durations to ms, token files read.
  const cfg = convert(raw, sourceAt, problems);
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));

  const pipeops = cfg.pipeops;
  const secrets: SecretContext = {
    env,
    sources,
    sourceAt,
    problems,
    // `config`, `health` and `doctor` run without a token: an unreadable token file stops only `run` (doctor reports it).
    secretProblem: (line) => void (args.command === 'run' ? problems : warnings).push(line),
    abs,
  };
  resolvePipeopsToken(pipeops, secrets);
  const runners = resolveRunners(getPath(raw, 'runners') as Array<Partial<RunnerConfig>>, pipeops.tls.enabled, secrets);
  cfg.runners = runners;

  if (pipeops.tls.ca_file !== '') pipeops.tls.ca_file = abs(pipeops.tls.ca_file);
  if (cfg.kubernetes.kubeconfig !== '') cfg.kubernetes.kubeconfig = abs(cfg.kubernetes.kubeconfig);
  if (pipeops.tls.insecure_skip_verify) warnings.push('pipeops.tls.insecure_skip_verify is true: server certificates are not verified');
  problems.push(...crossKeyProblems(cfg, raw, args.command, cwd, sourceAt));
  if (problems.length > 0) throw new AgentError('CONFIG_INVALID', problems.join('\n'));

  const sourceText: Record<string, string> = {};
  for (const spec of KEY_SPECS) sourceText[spec.key] = formatSource(sources.get(spec.key) ?? DEFAULT);
  return {
    command: args.command,
    args,
    config: deepFreeze(cfg),
    sources: Object.freeze(sourceText),
    configFile,
    warnings: Object.freeze(warnings),
  };
}

/** The validated raw configuration with durations in milliseconds; a duration out of a timer's range is a problem. */
function convert(raw: Raw, sourceAt: (key: string) => Source, problems: string[]): AgentConfig {
  const config = {} as Raw;
  for (const spec of KEY_SPECS) {
    if (spec.type === 'array') continue;
    let value = getPath(raw, spec.key);
    if (spec.type === 'duration') {
      value = parseDuration(value as string | number);
      if ((value as number) > MAX_TIMER_MS) {
        // Node's timers hold at most 2^31-1 ms; a longer delay silently fires after 1 ms.
        problems.push(problemLine(spec.key, getPath(raw, spec.key), sourceAt(spec.key), 'must be at most 596h (24.8 days)'));
      } else if (spec.minMs !== undefined && (value as number) < spec.minMs) {
        problems.push(problemLine(spec.key, getPath(raw, spec.key), sourceAt(spec.key), `must be at least ${spec.minMs >= 1000 ? `${spec.minMs / 1000}s` : `${spec.minMs}ms`}`));
      }
    }
    setPath(config, spec.key, value);
  }
  return config as unknown as AgentConfig;
}

/** Rules across keys: TLS for remote URLs, backoff bounds, and what `run` needs that the other commands do not. */
function crossKeyProblems(cfg: AgentConfig, raw: Raw, command: Command, cwd: string, sourceAt: (key: string) => Source): string[] {
  const problems: string[] = [];
  const { pipeops } = cfg;
  if (pipeops.tls.enabled && isPlaintextRemote(pipeops.api_url)) {
    problems.push(problemLine('pipeops.api_url', pipeops.api_url, sourceAt('pipeops.api_url'), 'must use https:// while pipeops.tls.enabled is true (plain http:// only to loopback addresses)'));
  }
  problems.push(...impersonationProblems(cfg.proxy, sourceAt));
  if (pipeops.reconnect.max_interval < pipeops.reconnect.interval) {
    problems.push(problemLine('pipeops.reconnect.max_interval', getPath(raw, 'pipeops.reconnect.max_interval'), sourceAt('pipeops.reconnect.max_interval'), `must be >= pipeops.reconnect.interval (${String(getPath(raw, 'pipeops.reconnect.interval'))})`));
  }
  // What running needs; `config`, `health` and `doctor` still work without it.
  if (command === 'run') {
    const audit = auditOutputProblems(cfg.audit, cwd, sourceAt);
    problems.push(...audit.problems);
    cfg.audit.output = audit.output;
    if (pipeops.api_url === '' && cfg.runners.length === 0) {
      problems.push(problemLine('pipeops.api_url', '', sourceAt('pipeops.api_url'), 'is required unless runners lists at least one static Runner'));
    } else if (pipeops.api_url !== '' && pipeops.token === '' && pipeops.token_file === '') {
      problems.push(problemLine('pipeops.token', undefined, sourceAt('pipeops.token'), 'is required with pipeops.api_url: set PIPEOPS_PIPEOPS_TOKEN, pipeops.token_file or the systemd credential pipeops-token'));
    }
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
