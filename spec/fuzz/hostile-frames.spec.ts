// Property-based hostile text frames into a live in-process agent over a Runner
// socket: random and mutated frames (wrong types, huge strings, deep nesting,
// lone surrogates, invalid base64, __proto__/constructor keys, path tricks
// with encodings, CR/LF in header values). Whatever arrives, the agent does
// not crash, keeps the socket, answers every frame that needs an answer with
// exactly one terminal frame, and never contacts the API server for a frame
// it refuses. Protocol v2 upgrades and binary messages: hostile-v2-frames.spec.ts.
// FUZZ_RUNS sets the number of runs, FUZZ_SEED the seed.
import { expect } from 'chai';
import fc from 'fast-check';
import { parseInbound } from '../../lib/protocol/validate.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { isTerminal, type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { fuzzParams, startFuzzAgent, type FuzzAgent } from './helpers.ts';
import { headerName, headerValue, hostilePath, MAX_FRAME, nextId } from './hostile-generators.ts';

const REFUSALS = [400, 403, 404, 409, 413, 429];

// ---- generators -----------------------------------------------------------

const body = fc.oneof(
  { arbitrary: fc.base64String({ maxLength: 200 }), weight: 8 },
  { arbitrary: fc.constantFrom('!!!notbase64', 'QQ', 'QQ=', '=', 'A', '====', '\u00ff\u00fe', 'e30='), weight: 2 },
  { arbitrary: fc.string({ maxLength: 50 }), weight: 1 },
);
const method = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'CANCEL'), weight: 6 },
  { arbitrary: fc.constantFrom('get', 'TRACE', 'CONNECT', '', 'G ET'), weight: 1 },
);
const weird = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

interface Case {
  /** Text frame as sent. */
  text: string;
  /** The id that must be answered (unique for this run), when the frame carries one. */
  id?: string;
  path?: string;
}

/** A frame shaped like a request, each field possibly wrong. */
const requestCase: fc.Arbitrary<Case> = fc
  .record(
    {
      method,
      path: fc.oneof(
        { arbitrary: hostilePath, weight: 8 },
        { arbitrary: fc.constantFrom('/version', '/api', '/apis', '/api/v1/namespaces/pipeops-test/pods', '/api/v1/namespaces/pipeops-test/pods/x', '/healthz', '/livez', '/readyz', '/api/v1/nodes', '/apis/apps/v1/deployments'), weight: 6 },
        { arbitrary: weird, weight: 1 },
      ),
      headers: fc.oneof({ arbitrary: fc.dictionary(headerName, headerValue, { maxKeys: 4 }), weight: 12 }, { arbitrary: weird, weight: 1 }),
      query: fc.oneof(
        { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), { maxKeys: 3 }), weight: 12 },
        { arbitrary: weird, weight: 1 },
      ),
      body: fc.oneof({ arbitrary: body, weight: 12 }, { arbitrary: weird, weight: 1 }),
      stream: fc.oneof({ arbitrary: fc.boolean(), weight: 12 }, { arbitrary: weird, weight: 1 }),
      stream_id: fc.oneof({ arbitrary: fc.string({ maxLength: 10 }), weight: 12 }, { arbitrary: weird, weight: 1 }),
      // An unknown field (refused by the schema) now and then.
      extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: weird, weight: 1 }),
    },
    { requiredKeys: ['method', 'path'] },
    // Other keys are left out half of the time (fast-check's default for optional keys).
  )
  .chain((r) => fc.record({ r: fc.constant(r), idKind: fc.constantFrom('unique', 'unique', 'unique', 'unique', 'unique', 'unique', 'unique', 'missing', 'number', 'long') }))
  .map(({ r, idKind }) => {
    const frame: Record<string, unknown> = {};
    let id: string | undefined;
    if (idKind === 'unique') frame.id = id = nextId();
    else if (idKind === 'number') frame.id = 7;
    else if (idKind === 'long') frame.id = 'x'.repeat(5000);
    Object.assign(frame, r);
    if (r.extra === undefined) delete frame.extra;
    return { text: JSON.stringify(frame), ...(id ? { id } : {}), ...(typeof r.path === 'string' ? { path: r.path } : {}) };
  });

/** Prototype keys written into the JSON text itself (an object literal cannot carry an own __proto__). */
const protoCase: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom('headers', 'query', 'top', 'nested'), fc.constantFrom('__proto__', 'constructor', 'prototype'))
  .map(([where, key]) => {
    const id = nextId();
    const poison = `{"polluted":"yes","toString":"x"}`;
    const texts: Record<string, string> = {
      headers: `{"id":"${id}","method":"GET","path":"/version","headers":{"${key}":${poison}}}`,
      query: `{"id":"${id}","method":"GET","path":"/version","query":{"${key}":["polluted"]}}`,
      top: `{"id":"${id}","method":"GET","path":"/version","${key}":${poison}}`,
      nested: `{"id":"${id}","method":"GET","path":"/version","headers":{"Accept":"*/*"},"query":{"a":["b"]},"${key}":{"${key}":${poison}}}`,
    };
    return { text: texts[where], id };
  });

/** Structural damage: truncation, deep nesting, huge strings, lone surrogates. */
const rawCase: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(requestCase, fc.nat()).map(([c, cut]) => ({ text: c.text.slice(0, cut % Math.max(1, c.text.length)) })),
  fc.tuple(requestCase, fc.nat(), fc.constantFrom('"', '{', '}', ',', '\\', '\u0000', ':', ']')).map(([c, at, ch]) => {
    const i = at % Math.max(1, c.text.length);
    return { text: c.text.slice(0, i) + ch + c.text.slice(i) };
  }),
  fc.integer({ min: 10, max: 100_000 }).map((depth) => {
    const id = nextId();
    return { text: `{"id":"${id}","method":"GET","path":"/version","headers":${'['.repeat(depth)}${']'.repeat(depth)}}`, id };
  }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => {
    const id = nextId();
    return { text: JSON.stringify({ id, method: 'GET', path: '/api/' + 'a'.repeat(n) }), id };
  }),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => {
    const id = nextId();
    return { text: JSON.stringify({ id, method: 'GET', path: '/version', headers: { 'X-S': s } }), id };
  }),
  fc.constantFrom('', ' ', 'null', '[]', '"x"', '1e999', '{}', '{"type":5}', '{"type":"register"}', '{"type":"nope","id":"t"}',
    '{"type":"runners","payload":{"runners":[{"url":"ws://evil.example/","token":"t"}]}}', '{"id":"', '\u0000').map((text) => ({ text })),
  anythingAsJson(),
);

function anythingAsJson(): fc.Arbitrary<Case> {
  return fc.jsonValue({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v) ?? 'null' }));
}

// ---- oracle ----------------------------------------------------------------

/**
 * An independent reading of the path rules: a path the agent must refuse,
 * whatever its implementation says. Percent escapes are decoded once and twice
 * (double encoding), bytes taken as they are.
 */
function mustRefusePath(path: string): boolean {
  // Spaces, controls and anything non-ASCII must arrive percent-encoded.
  if (!/^[\x21-\x7e]*$/.test(path)) return true;
  if (!/^\/(api|apis|version|healthz|readyz|livez|openapi)(\/|$)/.test(path)) return true;
  if (/[?#\\]/.test(path)) return true;
  if (/%(?![0-9a-fA-F]{2})/.test(path)) return true;
  // An escape may not hide a separator, a dot, a percent sign (double encoding) or a control character.
  for (const m of path.matchAll(/%([0-9a-fA-F]{2})/g)) {
    const c = parseInt(m[1], 16);
    if (c === 0x2f || c === 0x5c || c === 0x2e || c === 0x25 || c < 0x20 || c === 0x7f) return true;
  }
  return path.split('/').slice(1).some((s) => s === '' || s === '.' || s === '..');
}

// ---- the run --------------------------------------------------------------

describe('fuzz: hostile frames into a live agent', function () {
  this.timeout(600_000);
  let fa: FuzzAgent;
  let peer: Peer;
  let conn: PeerConnection;
  let sentinel = 0;
  const answeredIds = new Set<string>();

  before(async () => {
    peer = await new Peer({ token: 'rt' }).listen();
    fa = await startFuzzAgent((c) => {
      c.runners = [{ url: peer.url, token: 'rt', name: 'fuzz' }];
      c.proxy.rate_limit.requests_per_second = 0;
      c.proxy.max_frame_bytes = MAX_FRAME;
      c.proxy.max_body_bytes = 64 * 1024;
      c.proxy.request_timeout = 10_000;
    });
    conn = await peer.connection();
    await conn.next((f) => f.type === 'hello');
    await fa.quiet();
  });

  after(async () => {
    await fa?.stop();
    await peer?.close();
  });

  /** Sends one case, then a CANCEL sentinel; checks everything the case's answer must satisfy. */
  async function probe(c: Case): Promise<void> {
    const inbound = parseInbound(c.text);
    const bytesBefore = fa.api.bytesUp;
    const from = conn.frames.length;
    const sid = `sentinel-${++sentinel}`;
    conn.send(c.text);
    conn.send({ id: sid, method: 'CANCEL', stream_id: 'no-such-stream' });
    const sentinelAnswer = await conn.next((f) => f.id === sid);
    expect(sentinelAnswer.status_code, 'the socket still answers').to.equal(404);
    const early = conn.frames.slice(from).filter((f) => f.id !== sid);
    const oversize = Buffer.byteLength(c.text) > MAX_FRAME;

    if (oversize) {
      expect(early.filter((f) => isTerminal(f)), c.text.slice(0, 80)).to.have.length(1);
      expect(early[0].status_code).to.equal(413);
      expect(fa.api.bytesUp).to.equal(bytesBefore);
    } else if (inbound.kind === 'session') {
      // A valid session message from a Runner (hello, heartbeat_ack, runners...) is taken or ignored; never answered as a request.
      expect(early.filter((f) => f.type === undefined)).to.have.length(0);
    } else if (inbound.kind === 'unknown_type' || (inbound.kind === 'invalid' && inbound.session)) {
      expect(early, c.text.slice(0, 200)).to.have.length(1);
      expect(early[0].type).to.equal('error');
      expect(fa.api.bytesUp).to.equal(bytesBefore);
    } else if (inbound.kind === 'invalid') {
      const terminals = early.filter((f) => f.type === undefined && isTerminal(f));
      expect(terminals, c.text.slice(0, 200)).to.have.length(1);
      expect(terminals[0]).to.include({ status_code: 400, error_code: 'FRAME_INVALID' });
      expect(terminals[0].id).to.equal(inbound.id);
      expect(fa.api.bytesUp, 'an invalid frame reached the API server').to.equal(bytesBefore);
    } else {
      const frame = inbound.frame;
      const terminal = early.find((f) => f.id === frame.id && isTerminal(f)) ?? (await conn.next((f) => f.id === frame.id && isTerminal(f), 20_000));
      // Refused by the agent itself (an error, answered before the sentinel): nothing went upstream.
      if (terminal.error_code !== undefined && REFUSALS.includes(terminal.status_code ?? 0) && early.includes(terminal)) {
        expect(fa.api.bytesUp, `refused (${terminal.status_code} ${terminal.error}) yet sent upstream`).to.equal(bytesBefore);
      }
      if (frame.method !== 'CANCEL' && typeof c.path === 'string' && mustRefusePath(c.path)) {
        // Refused by the schema (400) or the path policy (403): either way before the API server.
        expect(terminal.status_code, `path ${JSON.stringify(c.path)} must be refused`).to.be.oneOf([400, 403]);
        expect(terminal.error_code).to.be.oneOf(['FRAME_INVALID', 'POLICY_REFUSED']);
        expect(fa.api.bytesUp).to.equal(bytesBefore);
      }
    }
    if (c.id !== undefined) answeredIds.add(c.id);
    expect(conn.ws.readyState, 'the socket survives').to.equal(conn.ws.OPEN);
    expect(Object.keys(Object.prototype), 'Object.prototype polluted').to.deep.equal([]);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  }

  it('answers random and mutated frames exactly once, without crashing or reaching the API server when it refuses', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof({ arbitrary: requestCase, weight: 5 }, { arbitrary: rawCase, weight: 3 }, { arbitrary: protoCase, weight: 1 }), probe), fuzzParams(800));
    // Nothing answered twice, even late: every unique id has exactly one terminal frame.
    await new Promise((r) => setTimeout(r, 300));
    const counts = new Map<string, number>();
    for (const f of conn.frames) if (f.type === undefined && isTerminal(f)) counts.set(f.id, (counts.get(f.id) ?? 0) + 1);
    for (const id of answeredIds) expect(counts.get(id) ?? 0, `terminal frames for ${id}`).to.be.at.most(1);
    expect(fa.agent.runners.connected).to.equal(1);
    expect(conn.ws.readyState).to.equal(conn.ws.OPEN);
  });

  it('refuses every path trick before it reaches the API server', async () => {
    await fc.assert(
      fc.asyncProperty(hostilePath, async (path) => {
        const id = nextId();
        const before = fa.api.bytesUp;
        const res = await conn.request({ id, method: 'GET', path }, 20_000);
        if (mustRefusePath(path)) {
          expect(res.status_code, `path ${JSON.stringify(path)}`).to.be.oneOf([400, 403]);
          expect(res.error_code).to.be.oneOf(['FRAME_INVALID', 'POLICY_REFUSED']);
          expect(fa.api.bytesUp).to.equal(before);
        } else {
          // Allowed through: the API server answered it (no agent error).
          expect(res.error_code, `path ${JSON.stringify(path)}: ${res.error}`).to.equal(undefined);
        }
      }),
      fuzzParams(300),
    );
  });

  it('refuses CR, LF and NUL in header values and impersonation headers with 400/403, before the API server', async () => {
    await fc.assert(
      fc.asyncProperty(headerName, fc.string({ maxLength: 10 }), fc.constantFrom('\r', '\n', '\r\n', '\u0000'), fc.string({ maxLength: 10 }), async (name, a, bad, b) => {
        const id = nextId();
        const before = fa.api.bytesUp;
        const res = await conn.request({ id, method: 'GET', path: '/version', headers: { 'X-Ok': 'fine', [name]: a + bad + b } });
        expect(res.status_code).to.be.oneOf([400, 403]);
        expect(fa.api.bytesUp).to.equal(before);
      }),
      fuzzParams(150),
    );
  });
});
