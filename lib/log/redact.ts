// Keeping secrets out of log lines. Three layers: pino's `redact` for fields
// known to hold secrets, a scrub of every written line for bearer tokens and
// JWTs, and helpers for debug logs of proxied headers and bodies (Kubernetes
// Secret payloads replaced, whatever their encoding allows us to see).

export const REDACTED = '***';

/** Paths pino censors wherever a logged object carries them. */
export const REDACT_PATHS: readonly string[] = [
  'token', '*.token', '*.*.token', '*.*.*.token',
  'password', '*.password', '*.*.password',
  'client_key', '*.client_key', '*.*.client_key',
  'client_secret', '*.client_secret',
  'authorization', '*.authorization', 'Authorization', '*.Authorization',
  'headers.authorization', 'headers.Authorization', '*.headers.authorization', '*.headers.Authorization',
  'headers.cookie', 'headers.Cookie', '*.headers.cookie', '*.headers.Cookie',
  'headers["proxy-authorization"]', 'headers["Proxy-Authorization"]',
  'config.pipeops.token', 'config.runners[*].token', 'runners[*].token', '*.runners[*].token',
];

const CREDENTIAL = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// Kubernetes service-account tokens and most API tokens are JWTs.
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Replaces bearer/basic credentials and JWTs anywhere in a string. */
export function redactString(s: string): string {
  return s.replace(CREDENTIAL, `$1 ${REDACTED}`).replace(JWT, REDACTED);
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token']);

export type HeaderBag = Record<string, string | readonly string[] | number | undefined>;

/** A copy of `headers` safe to log: credential headers replaced, other values scrubbed. */
export function redactHeaders(headers: HeaderBag | undefined | null): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (SECRET_HEADERS.has(name.toLowerCase())) out[name] = REDACTED;
    else if (Array.isArray(value)) out[name] = (value as readonly string[]).map((v) => redactString(String(v)));
    else out[name] = redactString(String(value));
  }
  return out;
}

const SECRET_FIELDS = /^(token|password|client_key|client_secret|secret|private_key)$/i;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Deep copy of a decoded JSON value with Secret data and token-ish fields replaced. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? redactString(value) : value;
  const obj = value as Record<string, unknown>;
  const isSecret = obj.kind === 'Secret';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (isSecret && (k === 'data' || k === 'stringData') && v !== null && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]));
    } else if (SECRET_FIELDS.test(k) && typeof v === 'string') {
      out[k] = v === '' ? '' : REDACTED;
    } else {
      out[k] = redactJson(v);
    }
  }
  // The last-applied annotation of a Secret holds its data again, as a JSON string.
  const annotations = (out.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  if (isSecret && annotations && typeof annotations[LAST_APPLIED] === 'string') annotations[LAST_APPLIED] = REDACTED;
  return out;
}

export interface RedactBodyOptions {
  /** Longest text returned; the rest is cut and marked. Default 4096. */
  maxChars?: number;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…(${s.length - max} more chars)`;
}

/**
 * A log-safe rendering of a request or response body given as base64 (as in a
 * frame) or bytes. JSON (and newline-delimited JSON, as in watch streams) is
 * parsed and redacted; text that mentions a Secret and cannot be parsed is
 * withheld; binary is summarised by size.
 */
export function redactBody(contentType: string | undefined, body: string | Uint8Array | undefined | null, opts: RedactBodyOptions = {}): string {
  const max = opts.maxChars ?? 4096;
  if (body === undefined || body === null || body.length === 0) return '';
  const bytes = typeof body === 'string' ? Buffer.from(body, 'base64') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('protobuf') || type.includes('octet-stream')) return `<${bytes.length} bytes ${type}>`;
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) return `<${bytes.length} bytes${type ? ` ${type}` : ''}>`;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  try {
    const parsed = lines.map((l) => JSON.stringify(redactJson(JSON.parse(l))));
    return truncate(parsed.join('\n'), max);
  } catch {
    try {
      return truncate(JSON.stringify(redactJson(JSON.parse(text))), max);
    } catch {
      // Not JSON (YAML, plain text): never risk printing a Secret's data.
      if (/\bkind:\s*"?Secret/.test(text) || /"kind"\s*:\s*"Secret/.test(text)) return `<${bytes.length} bytes ${type || 'text'}: withheld, holds a Secret>`;
      return truncate(redactString(text), max);
    }
  }
}

/** Bodies larger than this are logged by size only, even at debug level. */
const MAX_LOGGED_BODY = 256 * 1024;

/** A body for a debug log line: redacted as redactBody does, large ones by size only, none as undefined. */
export function loggableBody(contentType: string | undefined, body: Uint8Array | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  if (body.length > MAX_LOGGED_BODY) return `<${body.length} bytes>`;
  return redactBody(contentType, body);
}
