// One line per configuration problem: the key, the value (masked when secret),
// where it came from, and the rule it breaks. These lines are what an operator
// sees when the agent refuses to start, so each must stand on its own.
import type { ErrorObject } from 'ajv';
import { KEY_BY_NAME, KEY_SPECS } from './schema.ts';

export type Source =
  | { kind: 'default' }
  | { kind: 'file'; path: string }
  | { kind: 'env'; name: string }
  | { kind: 'flag'; name: string };

export function formatSource(s: Source): string {
  switch (s.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `file ${s.path}`;
    case 'env':
      return `env ${s.name}`;
    case 'flag':
      return `flag ${s.name}`;
  }
}

const SECRET_NAME = /(^|_)(token|password|secret)$|^client_key$|^authorization$/i;

/** True for keys whose values are never printed. */
export function isSecretKey(key: string): boolean {
  const last = key.replace(/\[\d+\]/g, '').split('.').pop() ?? '';
  return KEY_BY_NAME.get(key.replace(/\[\d+\]/g, ''))?.secret === true || SECRET_NAME.test(last);
}

/** A short, safe rendering of a value for an error line. */
export function describeValue(key: string, value: unknown): string {
  if (value === undefined) return '(not set)';
  if (isSecretKey(key)) return value === '' ? '""' : '***';
  if (Array.isArray(value)) return '[…]';
  if (value !== null && typeof value === 'object') return '{…}';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}

export function problemLine(key: string, value: unknown, source: Source, rule: string): string {
  return `${key}: ${describeValue(key, value)} (${formatSource(source)}) ${rule}`;
}

/** `/runners/0/url` → `runners[0].url`. */
export function pointerToKey(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out;
}

function closestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const spec of KEY_SPECS) {
    const d = editDistance(key, spec.key);
    if (d < bestScore) {
      bestScore = d;
      best = spec.key;
    }
  }
  return bestScore <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

export function unknownKeyLine(key: string, source: Source): string {
  const hint = closestKey(key);
  // The value of an unknown key is not printed: a mistyped `tokne:` would otherwise leak.
  return `${key}: (${formatSource(source)}) is not a known key${hint === undefined ? '' : `; did you mean ${hint}?`}`;
}

function ruleOf(err: ErrorObject): string {
  const expect = (err.parentSchema as { 'x-expect'?: string } | undefined)?.['x-expect'];
  switch (err.keyword) {
    case 'pattern':
    case 'type':
      if (expect !== undefined) return `must be ${expect}`;
      if (err.keyword === 'type') return `must be ${String((err.params as { type: string }).type).replace(',', ' or ')}`;
      return `must match ${(err.params as { pattern: string }).pattern}`;
    case 'enum':
      return `must be one of: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    default:
      return err.message ?? `breaks the ${err.keyword} rule`;
  }
}

/**
 * Turns ajv errors into problem lines. `valueAt` and `sourceAt` look up the
 * raw value and the source of a key (the nearest enclosing key with a source).
 */
export function schemaProblems(
  errors: readonly ErrorObject[],
  valueAt: (key: string) => unknown,
  sourceAt: (key: string) => Source,
): string[] {
  const lines: string[] = [];
  for (const err of errors) {
    const base = pointerToKey(err.instancePath);
    const params = err.params as Record<string, unknown>;
    if (err.keyword === 'additionalProperties') {
      const key = `${base === '' ? '' : `${base}.`}${String(params.additionalProperty)}`;
      lines.push(unknownKeyLine(key, sourceAt(key)));
    } else if (err.keyword === 'required') {
      const key = `${base}.${String(params.missingProperty)}`;
      lines.push(problemLine(key, undefined, sourceAt(key), 'is required'));
    } else if (err.schemaPath.includes('/propertyNames/')) {
      continue; // reported by the propertyNames error, which names the property
    } else if (err.keyword === 'propertyNames') {
      const key = `${base}.${String(params.propertyName)}`;
      const expect = (err.parentSchema as { propertyNames?: { 'x-expect'?: string } }).propertyNames?.['x-expect'];
      lines.push(`${key}: (${formatSource(sourceAt(key))}) the name must be ${expect ?? 'valid'}`);
    } else {
      lines.push(problemLine(base, valueAt(base), sourceAt(base), ruleOf(err)));
    }
  }
  return lines;
}
