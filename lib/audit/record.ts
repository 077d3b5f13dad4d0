// The audit record: one JSON line per proxied request, built from the
// request-end event. It names who asked (the socket and the user the peer
// impersonates), what (verb, path, query keys) and how it ended (status, the
// agent's error code, bytes, duration, and for streams when and why). It never
// holds a body, a header other than Impersonate-User/Group, or a query value
// that could carry a secret: values are kept only for an allowlist of keys.
import type { ErrorCode } from '../errors.ts';
import type { RequestEnd, RequestKind } from '../proxy/request-end.ts';

export const AUDIT_MARK = 'audit';

export interface AuditRecord {
  /** Always "audit": tells these lines from log lines on a shared stream. */
  log: typeof AUDIT_MARK;
  /** When the frame arrived (RFC 3339, UTC). */
  time: string;
  kind: RequestKind;
  socket: string;
  id: string;
  /** Impersonate-User as the peer sent it; absent when the request ran as the agent itself. */
  user?: string;
  groups?: string[];
  verb: string;
  path: string;
  /** Every query key, in the frame's order. */
  query_keys: string[];
  /** Values of the keys known not to carry secrets (selectors, limits, log options). */
  query: Record<string, string[]>;
  status: number;
  /** Set when the agent answered by itself with an error. */
  code?: ErrorCode;
  /** The agent's own error text (never the API server's body). */
  error?: string;
  bytes_up: number;
  bytes_down: number;
  duration_ms: number;
  /** Streams: when and why they ended (`complete`, `cancelled`, `shutdown`, `idle timeout`, ...). */
  ended?: { time: string; reason: string };
}

/** Query keys whose values are recorded: none of them can carry a credential. `command` (exec) and `continue` are left out. */
const SAFE_QUERY_KEYS = new Set([
  'labelSelector', 'fieldSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'watch', 'allowWatchBookmarks',
  'sendInitialEvents', 'timeoutSeconds', 'follow', 'container', 'tailLines', 'sinceSeconds', 'sinceTime', 'previous',
  'timestamps', 'limitBytes', 'dryRun', 'fieldManager', 'fieldValidation', 'force', 'propagationPolicy',
  'gracePeriodSeconds', 'orphanDependents', 'pretty', 'stdin', 'stdout', 'stderr', 'tty',
]);

const MAX_TEXT = 256;
const MAX_VALUES = 16;
const MAX_KEYS = 64;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

export function auditRecord(end: RequestEnd): AuditRecord {
  const frame = end.frame;
  const record: AuditRecord = {
    log: AUDIT_MARK,
    time: new Date(end.startedAt).toISOString(),
    kind: end.kind,
    socket: end.socket,
    id: clip(end.id),
    verb: end.verb,
    path: clip(frame?.path ?? ''),
    query_keys: [],
    query: {},
    status: end.status,
    bytes_up: end.bytesUp,
    bytes_down: end.bytesDown,
    duration_ms: Math.round(end.seconds * 10_000) / 10,
  };
  if (frame?.headers !== undefined) {
    for (const [name, value] of Object.entries(frame.headers)) {
      const lower = name.toLowerCase();
      if (lower === 'impersonate-user') record.user = clip(value);
      else if (lower === 'impersonate-group') (record.groups ??= []).push(clip(value));
    }
  }
  if (frame?.query !== undefined) {
    for (const [key, values] of Object.entries(frame.query).slice(0, MAX_KEYS)) {
      record.query_keys.push(clip(key));
      if (SAFE_QUERY_KEYS.has(key) && Array.isArray(values)) record.query[key] = values.slice(0, MAX_VALUES).map((v) => clip(String(v)));
    }
  }
  if (end.byAgent && end.reason !== undefined) {
    if (end.code !== undefined) record.code = end.code;
    record.error = clip(end.reason);
  }
  if (end.kind !== 'request') {
    record.ended = { time: new Date(end.startedAt + end.seconds * 1000).toISOString(), reason: end.reason ?? 'complete' };
  }
  return record;
}
