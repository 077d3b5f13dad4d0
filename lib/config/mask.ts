// A printable copy of the configuration: every secret replaced by "***" (or ""
// when unset), so neither the value nor its length is shown.
import { isSecretKey } from './problems.ts';

export const MASK = '***';

function maskValue(key: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v, i) => maskValue(`${key}[${i}]`, v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(key === '' ? k : `${key}.${k}`, v);
    return out;
  }
  if (key !== '' && isSecretKey(key) && !(key.startsWith('agent.labels.'))) {
    return value === '' || value === undefined || value === null ? '' : MASK;
  }
  return value;
}

/** A deep copy of `config` (any shape) with secrets masked. */
export function maskConfig<T>(config: T): T {
  return maskValue('', config) as T;
}
