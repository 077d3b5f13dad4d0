// Which Impersonate-* headers a frame may carry. Three modes: off (every one
// refused), any (forwarded as they are), and bounded: only the users and groups
// the cluster owner listed, `system:` identities only when listed one by one,
// and nothing the agent's RBAC grant does not cover (Uid, Extra-*). A frame's
// headers are a flat map, so a name repeated in another case would reach the
// API server as one of them at random: bounded mode refuses that outright.
import type { AgentConfig } from '../config/types.ts';

export type ImpersonationMode = 'off' | 'any' | 'bounded';

export interface ImpersonationPolicy {
  readonly mode: ImpersonationMode;
  readonly users: NameMatcher;
  readonly groups: NameMatcher;
}

/** Exact names and `prefix*` patterns; a wildcard never matches a `system:` name. */
export class NameMatcher {
  readonly #exact: ReadonlySet<string>;
  readonly #prefixes: readonly string[];

  constructor(patterns: readonly string[]) {
    this.#exact = new Set(patterns.filter((p) => !p.endsWith('*')));
    this.#prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  }

  matches(name: string): boolean {
    if (this.#exact.has(name)) return true;
    if (name.startsWith('system:')) return false;
    return this.#prefixes.some((p) => name.length > p.length && name.startsWith(p));
  }
}

const NONE = new NameMatcher([]);

export function impersonationPolicy(
  proxy: Pick<AgentConfig['proxy'], 'allow_impersonation'> & Partial<Pick<AgentConfig['proxy'], 'impersonate_users' | 'impersonate_groups'>>,
): ImpersonationPolicy {
  const users = proxy.impersonate_users ?? [];
  const groups = proxy.impersonate_groups ?? [];
  if (!proxy.allow_impersonation) return { mode: 'off', users: NONE, groups: NONE };
  if (users.length === 0 && groups.length === 0) return { mode: 'any', users: NONE, groups: NONE };
  return { mode: 'bounded', users: new NameMatcher(users), groups: new NameMatcher(groups) };
}

/** The API server trims optional whitespace around a header value (RFC 9110); match what it will see. */
function seen(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Why a frame's impersonation headers are refused in bounded mode, or undefined when they are fine. */
export function boundedRefusal(headers: Record<string, string>, policy: ImpersonationPolicy): string | undefined {
  const names = new Set<string>();
  let user = false;
  let group = false;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('impersonate-')) continue;
    if (names.has(lower)) return `header ${name} is repeated in another letter case; send each Impersonate-* header once`;
    names.add(lower);
    if (lower === 'impersonate-user') {
      if (!policy.users.matches(seen(value))) return `Impersonate-User ${JSON.stringify(value)} is not allowed (proxy.impersonate_users)`;
      user = true;
    } else if (lower === 'impersonate-group') {
      if (!policy.groups.matches(seen(value))) return `Impersonate-Group ${JSON.stringify(value)} is not allowed (proxy.impersonate_groups)`;
      group = true;
    } else {
      return `header ${name} refused: bounded impersonation allows only Impersonate-User and Impersonate-Group`;
    }
  }
  if (group && !user) return 'Impersonate-Group refused: it needs an Impersonate-User';
  return undefined;
}
