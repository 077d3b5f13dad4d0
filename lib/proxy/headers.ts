// Header rules for proxied requests and responses: the agent's own credentials
// only, no hop-by-hop headers, impersonation only when the operator allows it
// (and, in bounded mode, only of the names the operator listed). An upgraded
// stream's request alone keeps the client's upgrade headers.
import { boundedRefusal, impersonationPolicy, type ImpersonationPolicy } from './impersonation.ts';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/** Headers the agent never forwards from a frame; the agent authenticates with its own credentials. */
const NEVER_FORWARDED = new Set(['authorization', 'cookie', 'expect']);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What makes an upgrade; forwarded for upgrade frames only (the Sec-WebSocket-* family is matched by prefix). */
const UPGRADE_HEADERS = new Set(['upgrade', 'x-stream-protocol-version']);

export type HeaderResult = { ok: true; headers: Record<string, string> } | { ok: false; status: 400 | 403; reason: string };

export function requestHeaders(
  input: Record<string, string> | undefined,
  impersonation: boolean | ImpersonationPolicy,
  upgrade = false,
): HeaderResult {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (upgrade) out.connection = 'Upgrade';
  if (!input) return { ok: true, headers: out };
  const policy = typeof impersonation === 'boolean' ? impersonationPolicy({ allow_impersonation: impersonation }) : impersonation;
  const connectionListed = new Set<string>();
  for (const [name, value] of Object.entries(input)) {
    if (name.toLowerCase() === 'connection') {
      for (const n of value.split(',')) connectionListed.add(n.trim().toLowerCase());
    }
  }
  for (const [name, value] of Object.entries(input)) {
    if (!TOKEN.test(name)) return { ok: false, status: 400, reason: `header name ${JSON.stringify(name)} is not a valid token` };
    if (/[\r\n\0]/.test(value)) return { ok: false, status: 400, reason: `header ${name} must not contain CR, LF or NUL` };
    const lower = name.toLowerCase();
    if (lower.startsWith('impersonate-') && policy.mode === 'off') {
      return { ok: false, status: 403, reason: `header ${name} refused: impersonation is disabled (proxy.allow_impersonation)` };
    }
    if (upgrade && (UPGRADE_HEADERS.has(lower) || lower.startsWith('sec-websocket-'))) {
      out[lower] = value;
      continue;
    }
    if (HOP_BY_HOP.has(lower) || lower.startsWith('proxy-') || NEVER_FORWARDED.has(lower) || connectionListed.has(lower)) {
      continue;
    }
    out[lower] = value;
  }
  if (policy.mode === 'bounded') {
    const why = boundedRefusal(input, policy);
    if (why !== undefined) return { ok: false, status: 403, reason: why };
  }
  return { ok: true, headers: out };
}

/** Response headers as a flat string map, hop-by-hop ones removed. */
export function responseHeaders(input: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower.startsWith('proxy-')) continue;
    out[canonical(lower)] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** An upgrade's 101 headers, all of them (Upgrade, Connection, Sec-WebSocket-Accept, ...): the peer completes the client's handshake with them. */
export function switchingHeaders(input: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    out[canonical(name.toLowerCase())] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Header names seen before, canonicalised: the same dozen names come back on every response. */
const CANONICAL = new Map<string, string>();
const CANONICAL_MAX = 512;

function canonical(lower: string): string {
  let name = CANONICAL.get(lower);
  if (name === undefined) {
    name = lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    // Bounded: a server sending ever new names only fills it once.
    if (CANONICAL.size < CANONICAL_MAX) CANONICAL.set(lower, name);
  }
  return name;
}
