// Checks of the audit and bounded-impersonation keys that the schema cannot
// express: impersonation lists only mean something when impersonation is on,
// `system:` identities are never matched by a wildcard, and an audit file must
// be writable before the agent starts (a typo must not become a silent gap).
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { problemLine, type Source } from './problems.ts';
import type { AgentConfig } from './types.ts';

/** Problem lines for proxy.impersonate_users and proxy.impersonate_groups. */
export function impersonationProblems(proxy: AgentConfig['proxy'], sourceAt: (key: string) => Source): string[] {
  const problems: string[] = [];
  for (const key of ['impersonate_users', 'impersonate_groups'] as const) {
    const list = proxy[key];
    const full = `proxy.${key}`;
    if (list.length > 0 && !proxy.allow_impersonation) {
      problems.push(problemLine(full, list, sourceAt(full), 'has no effect unless proxy.allow_impersonation is true'));
    }
    list.forEach((pattern, i) => {
      if (pattern.startsWith('system:') && pattern.endsWith('*')) {
        problems.push(problemLine(`${full}[${i}]`, pattern, sourceAt(`${full}[${i}]`), 'must name system: identities one by one (no wildcard)'));
      }
    });
  }
  return problems;
}

/** The audit output when it is a file: absolute, and writable now (its directory is created on start). */
export function auditOutputProblems(audit: AgentConfig['audit'], cwd: string, sourceAt: (key: string) => Source): { problems: string[]; output: string } {
  if (!audit.enabled || audit.output === 'stdout' || audit.output === 'stderr') return { problems: [], output: audit.output };
  const output = isAbsolute(audit.output) ? audit.output : resolve(cwd, audit.output);
  const problem = (rule: string): { problems: string[]; output: string } => ({
    problems: [problemLine('audit.output', audit.output, sourceAt('audit.output'), rule)],
    output,
  });
  try {
    const st = statSync(output);
    if (st.isDirectory()) return problem('is a directory; name a file');
    accessSync(output, constants.W_OK);
    return { problems: [], output };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a directory should; the walk below names it.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return problem(`cannot be written: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // A new file: the nearest existing ancestor must be a writable directory.
  let dir = dirname(output);
  for (;;) {
    try {
      if (!statSync(dir).isDirectory()) return problem(`cannot be created: ${dir} is not a directory`);
      accessSync(dir, constants.W_OK | constants.X_OK);
      return { problems: [], output };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return problem(`cannot be created in ${dir}: ${code ?? (err as Error).message}`);
    }
    const parent = dirname(dir);
    if (parent === dir) return problem('cannot be created: no directory on its path exists');
    dir = parent;
  }
}
