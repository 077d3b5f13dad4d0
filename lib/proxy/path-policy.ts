// Which paths a frame may ask for. The destination is always the configured API
// server; these rules keep a frame inside the API server's own URL space and
// out of anything a proxy or server might normalise differently than we do.

const ALLOWED_ROOTS = ['api', 'apis', 'version', 'healthz', 'readyz', 'livez', 'openapi'];
const MAX_PATH_LENGTH = 4096;

/** Returns why the path is refused, or undefined when it may be proxied. */
export function checkPath(path: string): string | undefined {
  if (path.length === 0) return 'path is empty';
  if (path.length > MAX_PATH_LENGTH) return `path is longer than ${MAX_PATH_LENGTH} characters`;
  if (path[0] !== '/') return 'path must start with /';
  if (path.startsWith('//')) return 'path must not name an authority (//host)';
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return 'path must be ASCII without spaces or control characters (percent-encode them)';
    if (c === 0x5c) return 'path must not contain backslashes';
    if (c === 0x3f || c === 0x23) return 'path must not contain ? or # (put the query in the query field)';
  }
  // Any percent escape must be well formed and must not hide a separator, a dot,
  // a percent sign or a control character.
  for (const m of path.matchAll(/%(..)?/g)) {
    const hex = m[1];
    if (hex === undefined || !/^[0-9A-Fa-f]{2}$/.test(hex)) return 'path has a malformed percent escape';
    const code = parseInt(hex, 16);
    if (code === 0x2f || code === 0x5c) return 'path must not contain encoded separators (%2F, %5C)';
    if (code === 0x2e) return 'path must not contain encoded dots (%2E)';
    if (code === 0x25) return 'path must not contain encoded percent signs (%25)';
    if (code < 0x20 || code === 0x7f) return 'path must not contain encoded control characters';
  }
  const segments = path.slice(1).split('/');
  if (!ALLOWED_ROOTS.includes(segments[0] ?? '')) {
    return `path must be below ${ALLOWED_ROOTS.map((r) => '/' + r).join(', ')}`;
  }
  for (const s of segments) {
    if (s === '') return 'path must not contain empty segments';
    if (s === '.' || s === '..') return 'path must not contain . or .. segments';
  }
  return undefined;
}

/** Builds the query string from the frame's query map; values are encoded here, never concatenated raw. */
export function encodeQuery(query: Record<string, string[]> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(query)) {
    for (const v of values) params.append(key, v);
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}
