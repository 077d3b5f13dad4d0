// Hostile peers that attack the limits rather than the schema: oversized
// frames, floods, a slowloris Runner fragmenting one frame byte by byte,
// thousands of CANCELs for unknown streams, invalid UTF-8 in a text frame,
// binary frames, and a control plane that sends garbage on connect.
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { until } from '../../testkit/eventually.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { isTerminal, type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startFuzzAgent, type FuzzAgent } from './helpers.ts';

const MAX_FRAME = 64 * 1024;

/** Session messages (hello) carry no id. */
const idStarts = (id: string | undefined, prefix: string): boolean => id?.startsWith(prefix) === true;

function terminalsById(conn: PeerConnection): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of conn.frames) if (f.type === undefined && isTerminal(f)) m.set(f.id, (m.get(f.id) ?? 0) + 1);
  return m;
}

describe('fuzz: limits under attack', function () {
  this.timeout(120_000);
  let fa: FuzzAgent;
  let a: Peer;
  let b: Peer;
  let ca: PeerConnection;
  let cb: PeerConnection;

  beforeEach(async () => {
    a = await new Peer({ token: 'a' }).listen();
    b = await new Peer({ token: 'b' }).listen();
    fa = await startFuzzAgent((c) => {
      c.runners = [
        { url: a.url, token: 'a', name: 'attacker' },
        { url: b.url, token: 'b', name: 'bystander' },
      ];
      c.proxy.max_frame_bytes = MAX_FRAME;
      c.proxy.rate_limit.requests_per_second = 50;
      c.proxy.rate_limit.burst = 50;
    });
    ca = await a.connection();
    cb = await b.connection();
    await Promise.all([ca.next((f) => f.type === 'hello'), cb.next((f) => f.type === 'hello')]);
    await fa.quiet();
  });

  afterEach(async () => {
    await fa.stop();
    await a.close();
    await b.close();
  });

  it('answers a frame over proxy.max_frame_bytes with 413 and keeps the socket', async () => {
    const before = fa.api.bytesUp;
    const res = await ca.request({ id: 'huge', method: 'GET', path: '/version', headers: { 'X-Pad': 'p'.repeat(MAX_FRAME) } });
    expect(res.status_code).to.equal(413);
    expect(res.error).to.match(/max_frame_bytes/);
    expect(fa.api.bytesUp).to.equal(before);
    // A huge frame without a leading id is answered with id "".
    ca.send(JSON.stringify({ method: 'GET', path: '/version', id: 'late', pad: 'q'.repeat(MAX_FRAME) }));
    const anon = await ca.next((f) => f.id === '' && f.status_code === 413);
    expect(anon.error).to.match(/max_frame_bytes/);
    expect((await ca.request({ id: 'after-huge', method: 'GET', path: '/version' })).status_code).to.equal(200);
    expect(ca.ws.readyState).to.equal(ca.ws.OPEN);
  });

  it('closes (1009) a socket sending a message past the hard ws limit, redials it, and leaves the other Runner alone', async () => {
    // ws's maxPayload is 2 × max_frame_bytes + 1 MiB: past it the message is never buffered.
    ca.send(JSON.stringify({ id: 'way-too-big', method: 'GET', path: '/version', pad: 'x'.repeat(2 * MAX_FRAME + 1024 * 1024 + 10) }));
    expect(await ca.closed).to.equal(1009);
    const again = await a.nextConnection(10_000);
    expect((await again.request({ id: 'after-1009', method: 'GET', path: '/version' })).status_code).to.equal(200);
    expect(cb.ws.readyState).to.equal(cb.ws.OPEN);
    expect((await cb.request({ id: 'bystander', method: 'GET', path: '/version' })).status_code).to.equal(200);
  });

  it('answers a flood with 429 and Retry-After, one terminal frame per request, socket kept, others unaffected', async () => {
    const before = fa.api.bytesUp;
    const ids = Array.from({ length: 600 }, (_, i) => `flood-${i}`);
    // Refused by policy, so the ones let through do not reach the API server either.
    for (const id of ids) ca.send({ id, method: 'GET', path: '/etc/passwd' });
    await Promise.all(ids.map((id) => ca.next((f) => f.id === id && isTerminal(f))));
    const counts = terminalsById(ca);
    for (const id of ids) expect(counts.get(id), id).to.equal(1);
    const limited = ca.frames.filter((f) => idStarts(f.id, 'flood-') && f.status_code === 429);
    expect(limited.length).to.be.greaterThan(400);
    for (const f of limited) {
      expect(f.headers?.['Retry-After']).to.match(/^[1-9][0-9]*$/);
      expect(f.error).to.match(/rate limited/);
    }
    expect(ca.frames.filter((f) => idStarts(f.id, 'flood-') && f.status_code === 403).length).to.be.at.least(50);
    expect(fa.api.bytesUp).to.equal(before);
    // The other Runner has its own budget.
    expect((await cb.request({ id: 'b-during-flood', method: 'GET', path: '/version' })).status_code).to.equal(200);
    await delay(1100);
    expect((await ca.request({ id: 'a-after-flood', method: 'GET', path: '/version' })).status_code).to.equal(200);
  });

  it('answers thousands of CANCELs for unknown streams with 404 each and keeps the socket', async () => {
    const n = 3000;
    for (let i = 0; i < n; i++) ca.send({ id: `c-${i}`, method: 'CANCEL', stream_id: `ghost-${i}` });
    await ca.next((f) => f.id === `c-${n - 1}`, 30_000);
    const counts = terminalsById(ca);
    let notFound = 0;
    for (const f of ca.frames) if (idStarts(f.id, 'c-') && f.status_code === 404) notFound++;
    expect(notFound).to.equal(n);
    for (let i = 0; i < n; i++) expect(counts.get(`c-${i}`)).to.equal(1);
    expect((await ca.request({ id: 'after-cancels', method: 'GET', path: '/version' })).status_code).to.equal(200);
  });

  it('is not held up by a slowloris Runner sending one frame a byte at a time', async () => {
    const text = JSON.stringify({ id: 'slow-frame', method: 'GET', path: '/version' });
    const fragment = (i: number) =>
      new Promise<void>((resolve, reject) =>
        ca.ws.send(text[i], { fin: i === text.length - 1, compress: false, binary: false }, (err) => (err ? reject(err) : resolve())),
      );
    // Half the frame goes out a byte at a time; the rest waits until the other Runner has been served, so the
    // slow frame is still incomplete for the whole of the brisk requests: they cannot have waited on it.
    const half = Math.floor(text.length / 2);
    for (let i = 0; i < half; i++) await fragment(i);
    for (let i = 0; i < 30; i++) expect((await cb.request({ id: `brisk-${i}`, method: 'GET', path: '/version' })).status_code).to.equal(200);
    expect(ca.framesFor('slow-frame')).to.have.length(0);
    for (let i = half; i < text.length; i++) await fragment(i);
    const res = await ca.next((f) => f.id === 'slow-frame' && isTerminal(f));
    expect(res.status_code).to.equal(200);
  });

  it('closes (1007) a socket sending invalid UTF-8 in a text frame, redials, and serves', async () => {
    (ca.ws as unknown as { _sender: { send(d: Buffer, o: object, cb?: () => void): void } })._sender.send(
      Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]),
      { binary: false, fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false },
    );
    expect(await ca.closed).to.equal(1007);
    const again = await a.nextConnection(10_000);
    expect((await again.request({ id: 'after-1007', method: 'GET', path: '/version' })).status_code).to.equal(200);
    expect(cb.ws.readyState).to.equal(cb.ws.OPEN);
  });

  it('answers a binary frame with 400 and keeps the socket', async () => {
    ca.ws.send(Buffer.from(JSON.stringify({ id: 'bin', method: 'GET', path: '/version' })), { binary: true });
    const res = await ca.next((f) => f.id === 'bin');
    expect(res.status_code).to.equal(400);
    expect(res.error).to.match(/binary/);
    expect((await ca.request({ id: 'after-bin', method: 'GET', path: '/version' })).status_code).to.equal(200);
  });
});

describe('fuzz: a control plane that sends garbage on connect', function () {
  this.timeout(60_000);

  it('answers the garbage, registers once a proper answer comes, and serves', async () => {
    const garbage: (string | Buffer)[] = [
      'not json', '', '{', '[1,2,3]', 'null', '{"type":"registered"}', '{"type":"registered","id":"x","payload":{}}',
      '{"type":"runners","payload":{"runners":"all"}}', '{"type":"bogus"}', '{"type":42}', '{"id":7,"method":"GET"}',
      `{"type":"error","payload":{"code":"x","message":"${'m'.repeat(10_000)}"}}`, Buffer.from([0, 1, 2, 3]),
    ];
    let attempts = 0;
    const cp = new Peer({ token: 'cp', path: '/ws/agent', onConnection: ({ ws }) => {
      for (const g of garbage) ws.send(g, { binary: Buffer.isBuffer(g) });
      ws.on('message', (data) => {
        const m = JSON.parse((data as Buffer).toString('utf8')) as { type?: string; id?: string };
        if (m.type !== 'register') return;
        // The first register is answered with more garbage and no registered; the second properly.
        if (++attempts === 1) ws.send('{"type":"registered","id":"wrong-id"');
        else ws.send(JSON.stringify({ type: 'registered', id: m.id, payload: { cluster_id: 'c-garbage' } }));
      });
    } });
    await cp.listen();
    const fa = await startFuzzAgent((c) => {
      c.pipeops.api_url = cp.httpUrl;
      c.pipeops.token = 'cp';
      c.pipeops.timeout = 1500;
    });
    try {
      await until(() => fa.agent.controlPlane?.registered === true, 'the agent to register after the garbage');
      const conn = await cp.connection();
      const res = await conn.request({ id: 'cp-after-garbage', method: 'GET', path: '/version' });
      expect(res.status_code).to.equal(200);
      // Each garbage proxy-shaped message got its 400; the session ones an error message.
      const first = cp.connections[0];
      expect(first.frames.filter((f) => f.type === undefined && f.status_code === 400).length).to.be.at.least(5);
      expect(first.frames.filter((f) => f.type === 'error').length).to.be.at.least(2);
    } finally {
      await fa.stop();
      await cp.close();
    }
  });
});
