// Property-based hostile protocol v2 input into a live in-process agent over a
// pipeops.agent.v2 Runner socket: upgrade frames (exec, attach, port-forward) for
// every other path, sent as text or binary, and binary messages that are broken or
// carry DATA for streams that are not open. Whatever arrives, the agent answers at
// most once, never reaches the API server, and keeps the socket. Text frames:
// hostile-frames.spec.ts. FUZZ_RUNS sets the number of runs, FUZZ_SEED the seed.
import { expect } from 'chai';
import fc from 'fast-check';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { isTerminal, type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { SUBPROTOCOL_V2 } from '../../lib/version.ts';
import { fuzzParams, startFuzzAgent, type FuzzAgent } from './helpers.ts';
import { headerValue, hostilePath, MAX_FRAME, nextId } from './hostile-generators.ts';

describe('fuzz: hostile protocol v2 frames into a live agent', function () {
  this.timeout(600_000);
  let fa: FuzzAgent;
  let peer: Peer;
  let conn: PeerConnection;
  const ALLOWED = /^\/api\/v1\/namespaces\/[^/]+\/(pods\/[^/]+\/(exec|attach|portforward|proxy(\/.*)?)|services\/[^/]+\/proxy(\/.*)?)$/;

  before(async () => {
    peer = await new Peer({ token: 'rt2', protocols: [SUBPROTOCOL_V2] }).listen();
    fa = await startFuzzAgent((c) => {
      c.runners = [{ url: peer.url, token: 'rt2', name: 'fuzz-v2' }];
      c.proxy.rate_limit.requests_per_second = 0;
      c.proxy.max_frame_bytes = MAX_FRAME;
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

  const upgradeCase = fc.record({
    path: fc.oneof(hostilePath, fc.constantFrom('/api/v1/namespaces/pipeops-test/configmaps', '/api/v1/nodes/n/proxy', '/api/v1/namespaces/ns/pods/p/log', '/apis/apps/v1/namespaces/ns/deployments/d/exec', '/api/v1/namespaces/ns/pods/p/exec/x')),
    headers: fc.dictionary(fc.constantFrom('Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Protocol', 'X-Stream-Protocol-Version', 'Authorization', 'Impersonate-User'), headerValue, { maxKeys: 5 }),
    binary: fc.boolean(),
  });

  it('refuses upgrades to every other path before the API server, and keeps the socket', async () => {
    await fc.assert(
      fc.asyncProperty(upgradeCase, async ({ path, headers, binary }) => {
        if (ALLOWED.test(path)) return;
        const id = nextId();
        const before = fa.api.bytesUp;
        const frame = { id, method: 'GET', path, headers, stream: true, upgrade: true };
        if (binary) conn.sendBinary(frame);
        else conn.send(frame);
        const res = await conn.next((f) => f.id === id && isTerminal(f), 20_000);
        expect(res.status_code, path).to.be.oneOf([400, 403]);
        expect(fa.api.bytesUp, path).to.equal(before);
        expect(conn.ws.readyState).to.equal(conn.ws.OPEN);
      }),
      fuzzParams(200),
    );
  });

  it('answers DATA for streams that are not open, and broken binary messages, without reaching the API server', async () => {
    const broken = fc.oneof(
      fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b)),
      fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.string({ maxLength: 40 })).map(([h, s]) => {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(h);
        return Buffer.concat([head, Buffer.from(s)]);
      }),
    );
    const data = fc.record({ stream_id: fc.string({ minLength: 1, maxLength: 20 }), body: fc.uint8Array({ maxLength: 2048 }) });
    await fc.assert(
      fc.asyncProperty(fc.oneof(broken.map((b) => ({ kind: 'raw' as const, b })), data.map((d) => ({ kind: 'data' as const, d }))), async (c) => {
        const before = fa.api.bytesUp;
        const from = conn.frames.length;
        const sid = `v2-sentinel-${nextId()}`;
        if (c.kind === 'raw') conn.sendRaw(c.b);
        else conn.sendBinary({ id: nextId(), method: 'DATA', stream_id: `x-${c.d.stream_id}` }, Buffer.from(c.d.body));
        conn.send({ id: sid, method: 'CANCEL', stream_id: 'no-such-stream' });
        expect((await conn.next((f) => f.id === sid)).status_code).to.equal(404);
        const answers = conn.frames.slice(from).filter((f) => f.id !== sid && f.type === undefined);
        expect(answers, 'one answer').to.have.length.at.most(1);
        for (const a of answers) expect(a.status_code).to.be.oneOf([400, 404, 413]);
        expect(fa.api.bytesUp).to.equal(before);
        expect(conn.ws.readyState).to.equal(conn.ws.OPEN);
      }),
      fuzzParams(300),
    );
  });
});
