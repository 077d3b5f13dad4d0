// The secrets in the configuration: the control-plane token (inline, from
// pipeops.token_file, or from the systemd credential pipeops-token) and each
// static Runner's token. A file is read once here; an unreadable one stops `run`
// and is only a warning for `config`, `health` and `doctor`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSource, problemLine } from './problems.ts';
import type { Source } from './problems.ts';
import type { AgentConfig, RunnerConfig } from './types.ts';
import { isPlaintextRemote } from './url-policy.ts';

/** Name of the systemd credential (LoadCredential=pipeops-token:...) read when no token is configured. */
export const SYSTEMD_TOKEN_CREDENTIAL = 'pipeops-token';

/** Precedence of a value's source: a higher one wins. */
const RANK: Readonly<Record<Source['kind'], number>> = { default: 0, file: 1, env: 2, flag: 3 };

export interface SecretContext {
  env: NodeJS.ProcessEnv;
  sources: Map<string, Source>;
  sourceAt: (key: string) => Source;
  problems: string[];
  /** Where an unreadable secret file is reported: a problem for `run`, a warning otherwise. */
  secretProblem: (line: string) => void;
  /** Resolves a path against the working directory. */
  abs: (path: string) => string;
}

export function readSecretFile(path: string): string {
  const text = readFileSync(path, 'utf8').replace(/\s+$/, '');
  if (text === '') throw new Error('the file is empty');
  return text;
}

/** Settles pipeops.token and pipeops.token_file in place: which one wins, and the file read. */
export function resolvePipeopsToken(pipeops: AgentConfig['pipeops'], ctx: SecretContext): void {
  // token and token_file from different levels: the higher one wins (flags > environment > file), so
  // PIPEOPS_PIPEOPS_TOKEN overrides a file's token_file. Only both at the same level is a conflict.
  if (pipeops.token !== '' && pipeops.token_file !== '') {
    const tokenRank = RANK[ctx.sourceAt('pipeops.token').kind];
    const fileRank = RANK[ctx.sourceAt('pipeops.token_file').kind];
    if (tokenRank > fileRank) {
      pipeops.token_file = '';
      ctx.sources.set('pipeops.token_file', ctx.sourceAt('pipeops.token'));
    } else if (fileRank > tokenRank) {
      pipeops.token = '';
    }
  }
  const tokenConflict = pipeops.token !== '' && pipeops.token_file !== '';
  if (tokenConflict) {
    ctx.problems.push(problemLine('pipeops.token_file', pipeops.token_file, ctx.sourceAt('pipeops.token_file'), `must not be set together with pipeops.token (${formatSource(ctx.sourceAt('pipeops.token'))})`));
  } else if (pipeops.token_file === '' && pipeops.token === '' && ctx.env.CREDENTIALS_DIRECTORY) {
    const credential = join(ctx.env.CREDENTIALS_DIRECTORY, SYSTEMD_TOKEN_CREDENTIAL);
    if (existsSync(credential)) {
      pipeops.token_file = credential;
      ctx.sources.set('pipeops.token_file', { kind: 'env', name: 'CREDENTIALS_DIRECTORY' });
    }
  }
  if (pipeops.token_file !== '' && !tokenConflict) {
    pipeops.token_file = ctx.abs(pipeops.token_file);
    try {
      pipeops.token = readSecretFile(pipeops.token_file);
      ctx.sources.set('pipeops.token', ctx.sourceAt('pipeops.token_file'));
    } catch (err) {
      ctx.secretProblem(problemLine('pipeops.token_file', pipeops.token_file, ctx.sourceAt('pipeops.token_file'), `cannot be read: ${(err as Error).message}`));
    }
  }
}

/** The static Runners with their tokens read, each problem reported under its runners[i] key. */
export function resolveRunners(list: Array<Partial<RunnerConfig>>, tlsEnabled: boolean, ctx: SecretContext): RunnerConfig[] {
  return list.map((r, i): RunnerConfig => {
    const key = `runners[${i}]`;
    const out: RunnerConfig = { url: r.url!.replace(/^http/, 'ws'), token: r.token ?? '' };
    if (r.name !== undefined) out.name = r.name;
    if (r.token !== undefined && r.token_file !== undefined) {
      ctx.problems.push(problemLine(`${key}.token_file`, r.token_file, ctx.sourceAt(`${key}.token_file`), `must not be set together with ${key}.token`));
    } else if (r.token_file !== undefined) {
      out.token_file = ctx.abs(r.token_file);
      try {
        out.token = readSecretFile(out.token_file);
      } catch (err) {
        ctx.secretProblem(problemLine(`${key}.token_file`, r.token_file, ctx.sourceAt(`${key}.token_file`), `cannot be read: ${(err as Error).message}`));
      }
    } else if (r.token === undefined || r.token === '') {
      ctx.problems.push(problemLine(`${key}.token`, r.token, ctx.sourceAt(key), 'is required (or token_file)'));
    }
    if (tlsEnabled && isPlaintextRemote(out.url)) {
      ctx.problems.push(problemLine(`${key}.url`, r.url, ctx.sourceAt(`${key}.url`), 'must use wss:// while pipeops.tls.enabled is true (plain ws:// only to loopback addresses)'));
    }
    return out;
  });
}
