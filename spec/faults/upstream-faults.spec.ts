// Faults on the API server side of the agent, with a fault proxy in front of
// the real API server: a Runner killed mid-stream makes the agent close its
// upstream requests; the API server cut or restarted mid-watch and mid-list
// ends each stream with done + error (or a 502), and the agent serves again.
import { expect } from 'chai';
import { FaultProxy } from '../../testkit/fault-proxy.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent, type TestAgent } from '../support/agent.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { delay, eventually, expectTerminalFrames, trackHandles, type HandleTracker } from './helpers.ts';

const BULK_NS = 'pipeops-fault-bulk';

/** Namespace-scoped watches of a resource the API server has open right now (its own metric). */
async function apiWatches(resource: string): Promise<number> {
  const res = await kube.adminRequest('GET', '/metrics');
  let n = 0;
  for (const line of res.text.split('\n')) {
    if (line.startsWith('apiserver_longrunning_requests{') && line.includes(`resource="${resource}"`) && line.includes('scope="namespace"') && line.includes('verb="WATCH"')) {
      n += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return n;
}

describe('faults: the API server side', function () {
  this.timeout(90_000);
  let api: FaultProxy;
  let peer: Peer;
  let t: TestAgent;
  let conn: PeerConnection;
  let handles: HandleTracker;

  before(async () => {
    const ns = await kube.adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: BULK_NS } });
    expect(ns.status).to.be.oneOf([201, 409]);
    // ~8 MB to list: long enough to be cut in the middle under a bandwidth cap.
    const payload = 'y'.repeat(400 * 1024);
    for (let i = 0; i < 20; i += 5) {
      const batch = [];
      for (let j = i; j < i + 5; j++) {
        batch.push(kube.adminRequest('POST', `/api/v1/namespaces/${BULK_NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${j}` }, data: { payload } }));
      }
      for (const r of await Promise.all(batch)) expect(r.status).to.be.oneOf([201, 409]);
    }
  });

  beforeEach(async () => {
    handles = trackHandles();
    api = await new FaultProxy(kube.host, kube.port).listen();
    peer = await new Peer({ token: 'rt' }).listen();
    t = await startTestAgent({ apiPort: api.port, level: 'info', configure: (c) => (c.runners = [{ url: peer.url, token: 'rt', name: 'r' }]) });
    conn = await peer.connection();
    expect((await conn.request({ id: 'warm', method: 'GET', path: '/version' })).status_code).to.equal(200);
  });

  afterEach(async () => {
    await t.stop();
    await peer.close();
    await api.close();
    await handles.expectNone();
  });

  const watch = (id: string): void =>
    conn.send({ id, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['true'] }, stream: true });

  it('closes every upstream watch when the Runner is killed mid-stream', async () => {
    // undici speaks HTTP/2 to the API server: the watches share one connection,
    // so "closed" is read where it is decided, in the API server's own gauge.
    const baseline = await apiWatches('persistentvolumeclaims');
    const ids = Array.from({ length: 6 }, (_, i) => `kw-${i}`);
    for (const id of ids) conn.send({ id, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/persistentvolumeclaims`, query: { watch: ['true'] }, stream: true });
    await Promise.all(ids.map((id) => conn.next((f) => f.id === id && f.status_code === 200)));
    expect(await apiWatches('persistentvolumeclaims')).to.equal(baseline + ids.length);
    conn.ws.terminate();
    await eventually(async () => (await apiWatches('persistentvolumeclaims')) === baseline, 5000, 'the API server to see every watch end');
    await eventually(() => t.agent.runners.activeStreams === 0, 5000, 'no active stream');
    const again = await peer.connection();
    expect(again).to.not.equal(conn);
    expect((await again.request({ id: 'after-kill', method: 'GET', path: '/version' })).status_code).to.equal(200);
    expectTerminalFrames(again, ['after-kill']);
  });

  it('ends a watch with done + error when the API server connection is cut, then serves again', async () => {
    watch('cut-watch');
    await conn.next((f) => f.id === 'cut-watch' && f.status_code === 200);
    api.cut();
    const done = await conn.next((f) => f.id === 'cut-watch' && f.done === true, 10_000);
    expect(done.error).to.be.a('string').and.match(/upstream reset/);
    expect((await conn.request({ id: 'after-cut', method: 'GET', path: '/version' })).status_code).to.equal(200);
    watch('new-watch');
    await conn.next((f) => f.id === 'new-watch' && f.status_code === 200);
    conn.send({ id: 'cancel-new', method: 'CANCEL', stream_id: conn.framesFor('new-watch')[0].stream_id });
    await conn.next((f) => f.id === 'new-watch' && f.done === true);
    expectTerminalFrames(conn, ['cut-watch', 'after-cut', 'new-watch', 'cancel-new']);
    expect(conn.ws.readyState).to.equal(conn.ws.OPEN);
  });

  it('ends a streamed list with done + error when cut in the middle, and a buffered one with a 502', async () => {
    api.bytesPerSecond = 2 * 1024 * 1024;
    conn.send({ id: 'cut-list', method: 'GET', path: `/api/v1/namespaces/${BULK_NS}/configmaps`, stream: true });
    await conn.next((f) => f.id === 'cut-list' && f.chunk === true, 20_000);
    api.cut();
    const done = await conn.next((f) => f.id === 'cut-list' && f.done === true, 10_000);
    expect(done.error).to.be.a('string').and.not.equal('');

    conn.send({ id: 'cut-buffered', method: 'GET', path: `/api/v1/namespaces/${BULK_NS}/configmaps`, query: { limit: ['10'] } });
    await eventually(() => api.bytesDown > 1024 * 1024, 20_000, 'part of the list on its way');
    api.cut();
    const res = await conn.next((f) => f.id === 'cut-buffered', 10_000);
    expect(res.status_code).to.equal(502);
    expect(res.error).to.match(/API server unreachable/);

    api.bytesPerSecond = 0;
    expect((await conn.request({ id: 'after-list-cut', method: 'GET', path: '/version' })).status_code).to.equal(200);
    expectTerminalFrames(conn, ['cut-list', 'cut-buffered', 'after-list-cut']);
  });

  it('answers 502 while the API server is down and serves again once it is back', async () => {
    watch('down-watch');
    await conn.next((f) => f.id === 'down-watch' && f.status_code === 200);
    await api.down();
    const done = await conn.next((f) => f.id === 'down-watch' && f.done === true, 10_000);
    expect(done.error).to.match(/upstream reset/);
    const refused = await conn.request({ id: 'while-down', method: 'GET', path: '/version' });
    expect(refused.status_code).to.equal(502);
    conn.send({ id: 'stream-while-down', method: 'GET', path: '/api/v1/pods', query: { watch: ['1'] }, stream: true });
    const streamRefused = await conn.next((f) => f.id === 'stream-while-down' && f.done === true);
    expect(streamRefused.status_code).to.equal(502);
    await delay(200);
    await api.up();
    expect((await conn.request({ id: 'back-up', method: 'GET', path: '/version' })).status_code).to.equal(200);
    expectTerminalFrames(conn, ['down-watch', 'while-down', 'stream-while-down', 'back-up']);
  });
});
