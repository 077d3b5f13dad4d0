// Each limit answers with its own error frame and the socket keeps serving:
// frame size, request rate (429 with a retry hint), concurrent requests and
// streams, buffered response size, request timeout (504), stream idle timeout.
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent, type TestAgent } from '../support/agent.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

describe('proxy limits', function () {
  this.timeout(60_000);
  let peer: Peer;
  let agent: TestAgent;
  let conn: PeerConnection;
  let seq = 0;
  const id = (p: string): string => `${p}-${++seq}`;
  const watchFrame = (i: string) => ({ id: i, method: 'GET' as const, path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['true'] }, stream: true });

  before(async () => {
    peer = await new Peer({ token: 'lt' }).listen();
    agent = await startTestAgent({
      level: 'info',
      configure: (c) => {
        c.runners = [{ url: peer.url, token: 'lt' }];
        c.proxy.max_frame_bytes = 64 * 1024;
        c.proxy.max_concurrent_streams = 3;
        c.proxy.max_concurrent_requests = 2;
        c.proxy.max_response_bytes = 4096;
        // The rate limit has its own agent below; here it stays out of the way of the other limits.
        c.proxy.rate_limit = { requests_per_second: 100_000, burst: 100_000 };
      },
    });
    conn = await peer.connection();
  });

  after(async () => {
    await agent?.stop();
    await peer?.close();
  });

  it('answers a frame over proxy.max_frame_bytes with 413 and keeps the socket', async () => {
    const big = JSON.stringify({ id: 'huge', method: 'GET', path: '/version', headers: { 'X-Pad': 'a'.repeat(70 * 1024) } });
    conn.send(big);
    const res = await conn.next((f) => f.id === 'huge');
    expect(res).to.include({ status_code: 413, error_code: 'TOO_LARGE' });
    expect(res.error).to.match(/max_frame_bytes/);
    expect((await conn.request({ id: id('after'), method: 'GET', path: '/version' })).status_code).to.equal(200);
  });

  it('answers a flood over proxy.rate_limit with 429 and a Retry-After hint, and serves again after it', async () => {
    // Its own agent and socket, so no other case spends its tokens; one token a second means the bucket barely
    // refills during the flood however slowly the machine handles it.
    const ratePeer = await new Peer({ token: 'rl' }).listen();
    const rated = await startTestAgent({
      configure: (c) => {
        c.runners = [{ url: ratePeer.url, token: 'rl' }];
        c.proxy.rate_limit = { requests_per_second: 1, burst: 20 };
      },
    });
    try {
      const rc = await ratePeer.connection();
      const ids = Array.from({ length: 60 }, () => id('flood'));
      for (const i of ids) rc.send({ id: i, method: 'GET', path: '/version' });
      const answers = await Promise.all(ids.map((i) => rc.next((f) => f.id === i)));
      const limited = answers.filter((a) => a.error_code === 'RATE_LIMITED');
      const served = answers.filter((a) => a.status_code === 200);
      expect(served.length + limited.length).to.equal(60);
      expect(limited.length).to.be.at.least(30);
      expect(limited.every((a) => a.status_code === 429)).to.equal(true);
      const retryAfter = limited[0].headers?.['Retry-After'];
      expect(retryAfter).to.match(/^[1-9]\d*$/);
      // Once the hinted wait has passed the bucket holds a token again (time only adds tokens).
      await new Promise((r) => setTimeout(r, Number(retryAfter) * 1000 + 50));
      expect((await rc.request({ id: id('after'), method: 'GET', path: '/version' })).status_code).to.equal(200);
    } finally {
      await rated.stop();
      await ratePeer.close();
    }
  });

  it('answers a stream over proxy.max_concurrent_streams with 429 as a done frame', async () => {
    const open = [id('w'), id('w'), id('w')];
    for (const i of open) conn.send(watchFrame(i));
    const starts = await Promise.all(open.map((i) => conn.next((f) => f.id === i)));
    const extra = id('w');
    const res = await conn.request(watchFrame(extra));
    // A refusal before the stream started: a done frame matched by id, without a stream_id.
    expect(res).to.include({ status_code: 429, error_code: 'TOO_MANY_STREAMS', stream: true, done: true });
    expect(res).not.to.have.property('stream_id');
    expect(res.error).to.match(/max_concurrent_streams/);
    for (const s of starts) conn.send({ id: id('c'), method: 'CANCEL', stream_id: s.stream_id });
    await Promise.all(open.map((i) => conn.next((f) => f.id === i && f.done === true)));
  });

  it('answers a request over proxy.max_concurrent_requests with 429', async () => {
    // Hold two requests open: a watch sent without stream: true never ends by itself.
    const apiProxy = await new TcpProxy(kube.host, kube.port).listen();
    const stalledPeer = await new Peer({ token: 's' }).listen();
    const slow = await startTestAgent({
      apiHost: '127.0.0.1',
      apiPort: apiProxy.port,
      configure: (c) => {
        c.runners = [{ url: stalledPeer.url, token: 's' }];
        c.proxy.max_concurrent_requests = 2;
        c.proxy.request_timeout = 1500;
      },
    });
    try {
      const sc = await stalledPeer.connection();
      // A watch without stream: true is a request that does not end by itself.
      sc.send({ id: 'hold-1', method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['true'], timeoutSeconds: ['30'] } });
      sc.send({ id: 'hold-2', method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['true'], timeoutSeconds: ['30'] } });
      await new Promise((r) => setTimeout(r, 200));
      const third = await sc.request({ id: 'third', method: 'GET', path: '/version' });
      expect(third).to.include({ status_code: 429, error_code: 'TOO_MANY_REQUESTS' });
      // …and the held requests end with 504 at proxy.request_timeout.
      const held = await sc.next((f) => f.id === 'hold-1');
      expect(held).to.include({ status_code: 504, error_code: 'TIMEOUT' });
      expect(held.error).to.match(/request_timeout/);
      await sc.next((f) => f.id === 'hold-2');
      expect((await sc.request({ id: 'fourth', method: 'GET', path: '/version' })).status_code).to.equal(200);
    } finally {
      await slow.stop();
      await stalledPeer.close();
      await apiProxy.close();
    }
  });

  it('answers a buffered response over proxy.max_response_bytes with 413 naming stream: true', async () => {
    const res = await conn.request({ id: id('big'), method: 'GET', path: '/openapi/v2' });
    expect(res).to.include({ status_code: 413, error_code: 'RESPONSE_TOO_LARGE' });
    expect(res.error).to.match(/stream: true/);
    const streamed = await conn.request({ id: id('big-stream'), method: 'GET', path: '/openapi/v2', stream: true }, 30_000);
    expect(streamed.done).to.equal(true);
    expect(streamed).not.to.have.any.keys('error', 'error_code');
  });

  it('answers a stream the API server refused, read whole, with 413 when its answer is over proxy.max_response_bytes', async () => {
    // A ConfigMap with 80 invalid keys: the API server's 422 Status names every one, well over 4096 bytes.
    const data = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`not a valid key ${i} !`, 'v']));
    const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'refused-large' }, data })).toString('base64');
    const path = `/api/v1/namespaces/${kube.namespace}/configmaps`;
    const headers = { 'Content-Type': 'application/json' };
    const refused = await conn.request({ id: id('refused-large'), method: 'POST', path, headers, body, stream: true }, 30_000);
    expect(refused).to.include({ status_code: 413, error_code: 'RESPONSE_TOO_LARGE' });
    // The same refusal with a small answer comes whole, with the API server's status.
    const small = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid' } })).toString('base64');
    const whole = await conn.request({ id: id('refused-small'), method: 'POST', path, headers, body: small, stream: true }, 30_000);
    expect(whole).to.include({ status_code: 422, done: true });
    expect(Buffer.from(String(whole.body), 'base64').toString()).to.match(/Not_Valid/);
  });

  it('ends an idle stream at proxy.stream_idle_timeout', async () => {
    const idlePeer = await new Peer({ token: 'i' }).listen();
    const idle = await startTestAgent({
      configure: (c) => {
        c.runners = [{ url: idlePeer.url, token: 'i' }];
        c.proxy.stream_idle_timeout = 700;
      },
    });
    try {
      const ic = await idlePeer.connection();
      // resourceVersion far in the past is not needed: a watch on an empty label selector sees nothing.
      const frame = { ...watchFrame('idle'), query: { watch: ['true'], labelSelector: ['nothing=matches'] } };
      const done = await ic.request(frame, 10_000);
      expect(done.done).to.equal(true);
      expect(done).to.include({ error_code: 'IDLE_TIMEOUT', error: 'idle timeout' });
    } finally {
      await idle.stop();
      await idlePeer.close();
    }
  });
});
