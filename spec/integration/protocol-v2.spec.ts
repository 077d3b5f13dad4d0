// Protocol v2 against the real API server: the agent offers pipeops.agent.v2
// and v1 and speaks what the peer selected; on v2 every frame with a body goes
// out in the binary form, request frames may come in either form, and
// upgraded streams are refused before the API server wherever the rules say
// so. A peer that selected v1 sees exactly v1 (no binary message, no upgrade).
// The peer here is a test peer that keeps every frame (testkit/runner-peer/).
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent, type TestAgent } from '../support/agent.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { SUBPROTOCOL_V1, SUBPROTOCOL_V2 } from '../../lib/version.ts';

const json = (bytes: Buffer | undefined): Record<string, unknown> => JSON.parse((bytes ?? Buffer.alloc(0)).toString('utf8')) as Record<string, unknown>;

describe('protocol v2 against the real API server', function () {
  this.timeout(60_000);
  let v2: Peer;
  let v1: Peer;
  let agent: TestAgent;
  let conn: PeerConnection;
  let old: PeerConnection;
  let apiProxy: TcpProxy;
  let seq = 0;
  const id = (p: string): string => `${p}-${++seq}`;
  const podPath = (sub: string): string => `/api/v1/namespaces/${kube.namespace}/pods/no-such-pod/${sub}`;
  const wsHeaders = { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io' };

  /** Runs `act` and says whether any byte went towards the API server meanwhile. */
  async function bytesUpstreamDuring(act: () => Promise<unknown>): Promise<number> {
    const before = apiProxy.bytesUp;
    await act();
    return apiProxy.bytesUp - before;
  }

  before(async () => {
    v2 = await new Peer({ token: 'v2', protocols: [SUBPROTOCOL_V2, SUBPROTOCOL_V1] }).listen();
    v1 = await new Peer({ token: 'v1', protocols: [SUBPROTOCOL_V1] }).listen();
    apiProxy = await new TcpProxy(kube.host, kube.port).listen();
    agent = await startTestAgent({
      apiHost: '127.0.0.1',
      apiPort: apiProxy.port,
      level: 'info',
      configure: (c) => {
        c.runners = [
          { url: v2.url, token: 'v2', name: 'v2' },
          { url: v1.url, token: 'v1', name: 'v1' },
        ];
      },
    });
    [conn, old] = await Promise.all([v2.connection(), v1.connection()]);
  });

  after(async () => {
    await agent?.stop();
    await Promise.all([v2?.close(), v1?.close(), apiProxy?.close()]);
  });

  describe('negotiation', () => {
    it('speaks the version each peer selected and says so in hello', async () => {
      expect(conn.protocol).to.equal(SUBPROTOCOL_V2);
      expect(old.protocol).to.equal(SUBPROTOCOL_V1);
      const hello = (c: PeerConnection) => c.next((f) => f.type === 'hello') as Promise<{ payload: { capabilities: string[] } }>;
      expect((await hello(conn)).payload.capabilities).to.include.members(['binary_frames', 'upgrade']);
      const oldCaps = (await hello(old)).payload.capabilities;
      expect(oldCaps).to.not.include('binary_frames');
      expect(oldCaps).to.not.include('upgrade');
    });
  });

  describe('binary frames', () => {
    it('answers with the body as raw bytes in a binary frame, never base64', async () => {
      const res = await conn.request({ id: id('ver'), method: 'GET', path: '/version' });
      expect((res as { binary?: boolean }).binary).to.equal(true);
      expect(json((res as { bytes?: Buffer }).bytes)).to.have.property('gitVersion');
    });

    it('takes a request in the binary form, body as bytes', async () => {
      const name = id('bin-cm');
      const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } }));
      const rid = id('create');
      conn.sendBinary({ id: rid, method: 'POST', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, headers: { 'Content-Type': 'application/json' } }, body);
      const res = await conn.next((f) => f.id === rid);
      expect(res.status_code).to.equal(201);
      const got = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/${name}`);
      expect(got.json<{ data: Record<string, string> }>().data).to.deep.equal({ k: 'v' });
    });

    it('sends every watch event as one binary chunk', async () => {
      const rid = id('watch');
      const name = id('watched');
      conn.send({ id: rid, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['true'], fieldSelector: [`metadata.name=${name}`] }, stream: true });
      await conn.next((f) => f.id === rid && f.status_code === 200);
      await kube.adminRequest('POST', `/api/v1/namespaces/${kube.namespace}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
      const chunk = (await conn.next((f) => f.id === rid && f.chunk === true)) as { binary?: boolean; bytes?: Buffer };
      expect(chunk.binary).to.equal(true);
      expect(json(chunk.bytes)).to.include({ type: 'ADDED' });
      conn.send({ id: id('cancel'), method: 'CANCEL', stream_id: (await conn.next((f) => f.id === rid)).stream_id });
      const done = await conn.next((f) => f.id === rid && f.done === true);
      expect(done).to.include({ error_code: 'CANCELLED', error: 'cancelled' });
    });

    it('answers broken binary messages with 400 and keeps serving', async () => {
      conn.sendRaw(Buffer.from([0, 0]));
      const short = await conn.next((f) => f.id === '' && f.status_code === 400 && /shorter than its 4-byte/.test(f.error ?? ''));
      expect(short.error_code).to.equal('FRAME_INVALID');
      const overrun = Buffer.concat([Buffer.from([0, 0, 1, 0]), Buffer.from('{"id":"overrun"}')]);
      conn.sendRaw(overrun);
      const overran = await conn.next((f) => f.id === 'overrun');
      expect(overran).to.include({ status_code: 400, error_code: 'FRAME_INVALID' });
      expect(overran.error).to.match(/runs past the end/);
      conn.sendBinary({ id: 'with-body', method: 'GET', path: '/version', body: 'aGk=' });
      expect(await conn.next((f) => f.id === 'with-body')).to.include({ status_code: 400, error_code: 'FRAME_INVALID' });
      expect((await conn.request({ id: id('after'), method: 'GET', path: '/version' })).status_code).to.equal(200);
    });
  });

  describe('upgraded streams, refused before the API server', () => {
    it('refuses an upgrade to any path but pods exec/attach/portforward/proxy and services proxy (403)', async () => {
      for (const path of [`/api/v1/namespaces/${kube.namespace}/configmaps`, '/version', `/api/v1/namespaces/${kube.namespace}/pods/x/log`, `/api/v1/nodes/n/proxy`]) {
        const rid = id('bad-target');
        const up = await bytesUpstreamDuring(async () => {
          const res = await conn.request({ id: rid, method: 'GET', path, headers: wsHeaders, stream: true, upgrade: true });
          // Refused before the stream started: a done frame matched by id, without the stream_id the client named.
          expect(res, path).to.include({ status_code: 403, error_code: 'POLICY_REFUSED', stream: true, done: true });
          expect(res, path).not.to.have.property('stream_id');
          expect(res.error, path).to.match(/only the exec, attach, portforward and proxy subresources/);
        });
        expect(up, path).to.equal(0);
      }
    });

    it('refuses an upgrade frame without stream: true (400, schema)', async () => {
      const res = await conn.request({ id: id('no-stream'), method: 'GET', path: podPath('exec'), headers: wsHeaders, upgrade: true });
      expect(res).to.include({ status_code: 400, error_code: 'FRAME_INVALID' });
      expect(res.error).to.match(/stream/);
    });

    it('relays the API server\'s refusal of an upgrade (404 for a missing pod) with its Status body', async () => {
      const rid = id('missing');
      const res = await conn.request({ id: rid, method: 'GET', path: podPath('exec'), query: { command: ['true'], stdout: ['true'] }, headers: wsHeaders, stream: true, upgrade: true });
      expect(res.status_code).to.equal(404);
      expect(res.done).to.equal(true);
      expect(json((res as { bytes?: Buffer }).bytes)).to.include({ kind: 'Status', reason: 'NotFound' });
    });

    it('drops Connection and Upgrade on a frame that is not an upgrade', async () => {
      const res = await conn.request({ id: id('smuggle'), method: 'GET', path: '/version', headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
      expect(res.status_code).to.equal(200);
    });

    it('answers DATA for a stream that is not open with 404, and ends a non-upgraded stream that gets DATA', async () => {
      const up = await bytesUpstreamDuring(async () => {
        conn.sendBinary({ id: 'stray', method: 'DATA', stream_id: 'nope' }, Buffer.from('x'));
        expect(await conn.next((f) => f.id === 'stray')).to.include({ status_code: 404, error_code: 'UNKNOWN_STREAM' });
      });
      expect(up).to.equal(0);
      const rid = id('watch-data');
      conn.send({ id: rid, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['true'] }, stream: true, stream_id: rid });
      await conn.next((f) => f.id === rid && f.status_code === 200);
      conn.sendBinary({ id: rid, method: 'DATA', stream_id: rid }, Buffer.from('x'));
      const done = await conn.next((f) => f.id === rid && f.done === true);
      expect(done).to.include({ stream_id: rid, error_code: 'FRAME_INVALID' });
      expect(done.error).to.match(/DATA is only for upgraded streams/);
    });
  });

  describe('a peer that selected v1', () => {
    it('gets only text frames, and 400 for upgrade, DATA and binary messages', async () => {
      const res = await old.request({ id: id('v1-ver'), method: 'GET', path: '/version' });
      expect((res as { binary?: boolean }).binary).to.equal(undefined);
      expect(res.body).to.be.a('string');
      const up = await old.request({ id: id('v1-up'), method: 'GET', path: podPath('exec'), headers: wsHeaders, stream: true, upgrade: true });
      expect(up).to.include({ status_code: 400, error_code: 'FRAME_INVALID' });
      const data = await old.request({ id: id('v1-data'), method: 'DATA', stream_id: 's-1' });
      expect(data).to.include({ status_code: 400, error_code: 'FRAME_INVALID' });
      // In v1 a binary message is no frame at all, so it has no id to answer with.
      old.sendBinary({ id: 'v1-bin', method: 'GET', path: '/version' });
      const bin = await old.next((f) => f.error_code === 'FRAME_INVALID' && /binary messages are not accepted/.test(f.error ?? ''));
      expect(bin.id).to.equal('');
      expect(old.frames.some((f) => (f as { binary?: boolean }).binary === true)).to.equal(false);
    });
  });
});
