// fast-check generators shared by the hostile-frame specs (hostile-frames.spec.ts for
// text frames, hostile-v2-frames.spec.ts for protocol v2 upgrades and binary messages):
// path tricks with every encoding we know of, and header names and values carrying
// CR/LF, NUL, prototype keys and credentials. Ids come from one counter, so they stay
// unique across both specs in one run.
import fc from 'fast-check';

/** proxy.max_frame_bytes for the fuzzed agents: small, so oversize frames are cheap to make. */
export const MAX_FRAME = 256 * 1024;

let seq = 0;
export const nextId = (): string => `u-${++seq}`;

const pathPiece = fc.constantFrom(
  '..', '.', '%2e%2e', '%2E%2e', '%2e', '.%2e', '%252e%252e', '%2f', '%2F', '%5c', '%5C', '%25', '%00', '%0a', '%0D',
  '%', '%g1', '%2', '\u2024\u2024', '\uff0e\uff0e', '%ef%bc%8e%ef%bc%8e', '%c0%ae%c0%ae', '\\', '..\\', '', ' ', '\t',
  '\r\n', '@evil.example', 'http:', 'evil.example:443', ';', '?watch=1', '#x', 'pods', 'namespaces', 'default',
  'pipeops-test', 'v1', 'api', 'apis', 'version', 'healthz', '~', '%7e', 'a%20b', '\u0000', '\u007f', 'é',
);
const pathRoot = fc.constantFrom('', '/', '/api', '/api/v1', '/apis', '/version', '//', '/etc', 'api', 'http://x', '\\\\host', '/openapi/v2', '/livez');
export const hostilePath = fc
  .tuple(pathRoot, fc.array(fc.tuple(fc.constantFrom('/', '/', '/', ''), pathPiece), { maxLength: 6 }))
  .map(([root, parts]) => root + parts.map(([sep, p]) => sep + p).join(''));

export const headerName = fc.oneof(
  { arbitrary: fc.constantFrom('Accept', 'Authorization', 'Impersonate-User', 'impersonate-group', 'Connection', 'Host', 'Transfer-Encoding',
    'Content-Length', 'Proxy-Authorization', 'Cookie', 'constructor', 'toString', 'Content-Type', 'X-Request-Id', 'Accept-Encoding'), weight: 8 },
  { arbitrary: fc.constantFrom('X-A\r\nInjected', 'X Space', '', '__proto__'), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);
export const headerValue = fc.oneof(
  fc.constantFrom('application/json', 'a\r\nX-Injected: 1', 'v\n', 'v\r', 'x\u0000y', 'Bearer stolen', 'close, Accept', '1000000'),
  fc.string({ maxLength: 40 }),
);
