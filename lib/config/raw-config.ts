// The configuration before validation: nested plain objects addressed by dotted
// keys (`agent.port`, `runners[0].url`), with the source of every value recorded
// so that a problem names where the bad value came from.
import { KEY_BY_NAME } from './schema.ts';
import type { KeySpec } from './schema.ts';
import type { Source } from './problems.ts';

export type Raw = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function getPath(obj: unknown, key: string): unknown {
  let cur = obj;
  for (const seg of key.split(/\.|(?=\[)/)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const m = /^\[(\d+)\]$/.exec(seg);
    cur = m === null ? (cur as Raw)[seg] : (cur as unknown[])[Number(m[1])];
  }
  return cur;
}

export function setPath(obj: Raw, key: string, value: unknown): void {
  const segs = key.split('.');
  let cur = obj;
  for (const seg of segs.slice(0, -1)) {
    if (!isPlainObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Raw;
  }
  cur[segs.at(-1)!] = value;
}

export function mergeFile(target: Raw, file: Raw, prefix: string, source: Source, sources: Map<string, Source>): void {
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

export function recordSources(key: string, value: unknown, source: Source, sources: Map<string, Source>): void {
  sources.set(key, source);
  if (Array.isArray(value)) value.forEach((v, i) => recordSources(`${key}[${i}]`, v, source, sources));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) recordSources(`${key}.${k}`, v, source, sources);
}

/** Coerces a string from the environment or `--set` to the key's type; leaves it alone when it does not fit, for the schema to report. */
export function coerce(spec: KeySpec, text: string): unknown {
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
