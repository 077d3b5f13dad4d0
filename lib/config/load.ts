// Loads the effective configuration: defaults < file < environment < flags.
// Every value remembers where it came from, so a bad one is reported as
// `agent.port: 70000 (env PIPEOPS_AGENT_PORT) must be <= 65535`, all problems
// at once, one line each. The result is validated, converted (durations to
// milliseconds, token files read) and deeply frozen.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type * as Yaml from 'yaml';
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

/** Precedence of a value's source: a higher one wins. */
const RANK: Readonly<Record<Source['kind'], number>> = { default: 0, file: 1, env: 2, flag: 3 };

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

/** Name of the systemd credential (LoadCredential=pipeops-token:...) read when no token is configured. */
export const SYSTEMD_TOKEN_CREDENTIAL = 'pipeops-token';
export const DEFAULT_STATE_FILE = '/var/lib/pipeops-agent/state.json';

type Raw = Record<string, unknown>;

function isPlainObject(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function getPath(obj: unknown, key: string): unknown {
  let cur = obj;
  for (const seg of key.split(/\.|(?=\[)/)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const m = /^\[(\d+)\]$/.exec(seg);
    cur = m === null ? (cur as Raw)[seg] : (cur as unknown[])[Number(m[1])];
  }
  return cur;
}

function setPath(obj: Raw, key: string, value: unknown): void {
  const segs = key.split('.');
  let cur = obj;
  for (const seg of segs.slice(0, -1)) {
    if (!isPlainObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Raw;
  }
  cur[segs.at(-1)!] = value;
}

function mergeFile(target: Raw, file: Raw, prefix: string, source: Source, sources: Map<string, Source>): void {
  for (const [name, value] of Object.entries(file)) {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    const spec = KEY_BY_NAME.get(key);
    if (spec === undefined && isPlainObject(value) && isPlainObject(target[name])) {
      mergeFile(target[name], value, key, source, sources);
      continue;
    }
    target[name] = value;
    recordSources(key, value, source, sources);
  }
}

function recordSources(key: string, value: unknown, source: Source, sources: Map<string, Source>): void {
  sources.set(key, source);
  if (Array.isArray(value)) value.forEach((v, i) => recordSources(`${key}[${i}]`, v, source, sources));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) recordSources(`${key}.${k}`, v, source, sources);
}

/** Coerces a string from the environment or `--set` to the key's type; leaves it alone when it does not fit, for the schema to report. */
function coerce(spec: KeySpec, text: string): unknown {
  switch (spec.type) {
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      return text;
    }
    case 'integer':
    case 'number':
      return /^\s*-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : text;
    case 'list':
      return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    case 'map': {
      const out: Record<string, string> = {};
      for (const pair of text.split(',')) {
        if (pair.trim() === '') continue;
        const eq = pair.indexOf('=');
        if (eq <= 0) return undefined;
        out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      return out;
    }
    default:
      return text;
  }
}

function readSecretFile(path: string): string {
  const text = readFileSync(path, 'utf8').replace(/\s+$/, '');
  if (text === '') throw new Error('the file is empty');
  return text;
}

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
    const given = args.configFile ?? env.PIPEOPS_CONFIG!;
    configFile = resolve(cwd, given);
    let text: string | undefined;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (err) {
      throw new AgentError('CONFIG_UNREADABLE', `config file: ${JSON.stringify(given)} (${formatSource(fileFrom)}) cannot be read: ${(err as Error).message}`, { cause: err });
    }
    // The YAML parser is loaded only when there is a file: an agent configured by its environment never pays for it.
    const { parseDocument } = createRequire(import.meta.url)('yaml') as typeof Yaml;
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const lines = doc.errors.map((e) => `config file: ${configFile} (${formatSource(fileFrom)}) is not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : ''}`);
      throw new AgentError('CONFIG_INVALID', lines.join('\n'));
    }
    let content: unknown;
    try {
      // toJS throws on documents the parser accepts, e.g. an alias bomb ("Excessive alias count").
      content = doc.toJS();
    } catch (err) {
      throw new AgentError('CONFIG_INVALID', `config file: ${configFile} (${formatSource(fileFrom)}) is not valid YAML: ${(err as Error).message}`, { cause: err });
    }
    if (content !== null && content !== undefined && !isPlainObject(content)) {
      throw new AgentError('CONFIG_INVALID', `config file: ${configFile} (${formatSource(fileFrom)}) must hold a mapping of sections (agent, pipeops, ...)`);
    }
    if (content) mergeFile(raw, content, '', { kind: 'file', path: configFile }, sources);
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
  const cfg = config as unknown as AgentConfig;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));

  const pipeops = cfg.pipeops;
  // token and token_file from different levels: the higher one wins (flags > environment > file), so
  // PIPEOPS_PIPEOPS_TOKEN overrides a file's token_file. Only both at the same level is a conflict.
  if (pipeops.token !== '' && pipeops.token_file !== '') {
    const tokenRank = RANK[sourceAt('pipeops.token').kind];
    const fileRank = RANK[sourceAt('pipeops.token_file').kind];
    if (tokenRank > fileRank) {
      pipeops.token_file = '';
      sources.set('pipeops.token_file', sourceAt('pipeops.token'));
    } else if (fileRank > tokenRank) {
      pipeops.token = '';
    }
  }
  const tokenConflict = pipeops.token !== '' && pipeops.token_file !== '';
  // `config`, `health` and `doctor` run without a token: an unreadable token file stops only `run` (doctor reports it).
  const secretProblem = (line: string): void => void (args.command === 'run' ? problems : warnings).push(line);
  if (tokenConflict) {
    problems.push(problemLine('pipeops.token_file', pipeops.token_file, sourceAt('pipeops.token_file'), `must not be set together with pipeops.token (${formatSource(sourceAt('pipeops.token'))})`));
  } else if (pipeops.token_file === '' && pipeops.token === '' && env.CREDENTIALS_DIRECTORY) {
    const credential = join(env.CREDENTIALS_DIRECTORY, SYSTEMD_TOKEN_CREDENTIAL);
    if (existsSync(credential)) {
      pipeops.token_file = credential;
      sources.set('pipeops.token_file', { kind: 'env', name: 'CREDENTIALS_DIRECTORY' });
    }
  }
  if (pipeops.token_file !== '' && !tokenConflict) {
    pipeops.token_file = abs(pipeops.token_file);
    try {
      pipeops.token = readSecretFile(pipeops.token_file);
      sources.set('pipeops.token', sourceAt('pipeops.token_file'));
    } catch (err) {
      secretProblem(problemLine('pipeops.token_file', pipeops.token_file, sourceAt('pipeops.token_file'), `cannot be read: ${(err as Error).message}`));
    }
  }

  const runners = (getPath(raw, 'runners') as Array<Partial<RunnerConfig>>).map((r, i): RunnerConfig => {
    const key = `runners[${i}]`;
    const out: RunnerConfig = { url: r.url!.replace(/^http/, 'ws'), token: r.token ?? '' };
    if (r.name !== undefined) out.name = r.name;
    if (r.token !== undefined && r.token_file !== undefined) {
      problems.push(problemLine(`${key}.token_file`, r.token_file, sourceAt(`${key}.token_file`), `must not be set together with ${key}.token`));
    } else if (r.token_file !== undefined) {
      out.token_file = abs(r.token_file);
      try {
        out.token = readSecretFile(out.token_file);
      } catch (err) {
        secretProblem(problemLine(`${key}.token_file`, r.token_file, sourceAt(`${key}.token_file`), `cannot be read: ${(err as Error).message}`));
      }
    } else if (r.token === undefined || r.token === '') {
      problems.push(problemLine(`${key}.token`, r.token, sourceAt(key), 'is required (or token_file)'));
    }
    if (cfg.pipeops.tls.enabled && isPlaintextRemote(out.url)) {
      problems.push(problemLine(`${key}.url`, r.url, sourceAt(`${key}.url`), 'must use wss:// while pipeops.tls.enabled is true (plain ws:// only to loopback addresses)'));
    }
    return out;
  });
  cfg.runners = runners;

  if (pipeops.tls.enabled && isPlaintextRemote(pipeops.api_url)) {
    problems.push(problemLine('pipeops.api_url', pipeops.api_url, sourceAt('pipeops.api_url'), 'must use https:// while pipeops.tls.enabled is true (plain http:// only to loopback addresses)'));
  }
  if (pipeops.tls.ca_file !== '') pipeops.tls.ca_file = abs(pipeops.tls.ca_file);
  if (cfg.kubernetes.kubeconfig !== '') cfg.kubernetes.kubeconfig = abs(cfg.kubernetes.kubeconfig);
  if (pipeops.tls.insecure_skip_verify) warnings.push('pipeops.tls.insecure_skip_verify is true: server certificates are not verified');
  problems.push(...impersonationProblems(cfg.proxy, sourceAt));
  if (pipeops.reconnect.max_interval < pipeops.reconnect.interval) {
    problems.push(problemLine('pipeops.reconnect.max_interval', getPath(raw, 'pipeops.reconnect.max_interval'), sourceAt('pipeops.reconnect.max_interval'), `must be >= pipeops.reconnect.interval (${String(getPath(raw, 'pipeops.reconnect.interval'))})`));
  }

  // What running needs; `config`, `health` and `doctor` still work without it.
  if (args.command === 'run') {
    const audit = auditOutputProblems(cfg.audit, cwd, sourceAt);
    problems.push(...audit.problems);
    cfg.audit.output = audit.output;
    if (pipeops.api_url === '' && runners.length === 0) {
      problems.push(problemLine('pipeops.api_url', '', sourceAt('pipeops.api_url'), 'is required unless runners lists at least one static Runner'));
    } else if (pipeops.api_url !== '' && pipeops.token === '' && pipeops.token_file === '') {
      problems.push(problemLine('pipeops.token', undefined, sourceAt('pipeops.token'), 'is required with pipeops.api_url: set PIPEOPS_PIPEOPS_TOKEN, pipeops.token_file or the systemd credential pipeops-token'));
    }
  }
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
