// The agent refusing proxy frames before the API server, reached through a test
// Runner socket: each path and header rule, the frame's own Authorization and
// hop-by-hop headers, oversize bodies, invalid frames, unknown streams and
// duplicate ids. The agent reaches the API server through a byte-counting
// forwarder, so each spec proves a refused frame never produced a byte towards it.
// Executing frames that pass: proxy-execute.spec.ts.
import { expect } from 'chai';
import type { K8sProxyRequest, K8sProxyResponse } from '../../lib/protocol/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startAgentWithRunner, type TestAgent } from '../support/agent.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const json = <T = Record<string, unknown>>(f: K8sProxyResponse): T => JSON.parse(Buffer.from(f.body ?? '', 'base64').toString('utf8')) as T;

describe('ProxyExecutor against the real API server', function () {
  this.timeout(60_000);
  let agent: TestAgent;
  let conn: PeerConnection;
  let stop: (() => Promise<void>) | undefined;
  let apiProxy: TcpProxy;
  let seq = 0;
  const nextId = (p: string): string => `${p}-${++seq}`;
  const ns = (): string => kube.namespace;

  before(async () => {
    apiProxy = await new TcpProxy(kube.host, kube.port).listen();
    ({ agent, conn, stop } = await startAgentWithRunner({ apiHost: '127.0.0.1', apiPort: apiProxy.port }, 'runner-token'));
    await conn.next((f) => f.type === 'hello');
  });

  after(async () => {
    await stop?.();
    await apiProxy?.close();
  });

  describe('refusals (the API server is never contacted)', () => {
    const refusals: [string, Partial<K8sProxyRequest>, number, RegExp][] = [
      ['a path outside the API', { path: '/etc/passwd' }, 403, /path must be below/],
      ['a .. segment', { path: '/api/v1/../../etc' }, 403, /\.\. segments/],
      ['an encoded slash', { path: '/api/v1/namespaces%2Fkube-system/pods' }, 403, /encoded separators/],
      ['an encoded dot', { path: '/api/v1/%2E%2E/secrets' }, 403, /encoded dots/],
      ['a backslash', { path: '/api\\v1' }, 403, /backslashes/],
      ['an authority', { path: '//evil.example/api' }, 403, /authority/],
      ['a query in the path', { path: '/api/v1/pods?watch=true' }, 403, /query field/],
      ['an empty segment', { path: '/api//v1' }, 403, /empty segments/],
      ['a control character', { path: '/api/v1/pods\u0000' }, 403, /control characters/],
      ['an absolute URL', { path: 'https://example.com/api' }, 403, /start with \//],
      ['Impersonate-User', { path: '/api/v1/pods', headers: { 'Impersonate-User': 'admin' } }, 403, /impersonation is disabled/],
      ['Impersonate-Group', { path: '/api/v1/pods', headers: { 'impersonate-group': 'system:masters' } }, 403, /impersonation is disabled/],
      ['CR/LF in a header value', { path: '/api/v1/pods', headers: { 'X-A': 'a\r\nHost: evil' } }, 400, /CR, LF/],
      ['an invalid header name', { path: '/api/v1/pods', headers: { 'Bad Header': 'x' } }, 400, /headers property name/],
    ];
    for (const [name, frame, status, message] of refusals) {
      it(`refuses ${name} with ${status}`, async () => {
        const before = apiProxy.bytesUp;
        const res = await conn.request({ id: nextId('refuse'), method: 'GET', ...frame });
        expect(res.status_code).to.equal(status);
        expect(res.error_code).to.equal(status === 403 ? 'POLICY_REFUSED' : 'FRAME_INVALID');
        // The text names the rule, for the person reading it.
        expect(res.error).to.match(message);
        expect(apiProxy.bytesUp - before, 'bytes sent towards the API server').to.equal(0);
      });
    }

    it('never forwards the frame’s Authorization header, and drops hop-by-hop headers', async () => {
      // With a bogus Authorization forwarded, the API server would answer 401.
      const res = await conn.request({
        id: nextId('auth'),
        method: 'GET',
        path: `/api/v1/namespaces/${ns()}/pods`,
        headers: { Authorization: 'Bearer not-a-token', Connection: 'close', 'Transfer-Encoding': 'chunked', Host: 'evil.example', 'Proxy-Authorization': 'x' },
      });
      expect(res.status_code).to.equal(200);
    });

    it('encodes query values itself', async () => {
      const res = await conn.request({
        id: nextId('q'),
        method: 'GET',
        path: `/api/v1/namespaces/${ns()}/configmaps`,
        query: { labelSelector: ['a=b&limit=1'], fieldSelector: ['metadata.name=patched'] },
      });
      // The selector is sent as one value: the API server rejects "a=b&limit=1" as a label selector value.
      expect(res.status_code).to.equal(400);
      expect(json<{ message: string }>(res).message).to.match(/unable to parse requirement/);
    });

    it('answers a body over proxy.max_body_bytes with 413', async () => {
      const before = apiProxy.bytesUp;
      const big = Buffer.alloc(agent.config.proxy.max_body_bytes + 10, 0x61).toString('base64');
      const res = await conn.request({ id: nextId('big'), method: 'POST', path: `/api/v1/namespaces/${ns()}/configmaps`, body: big });
      expect(res).to.include({ status_code: 413, error_code: 'TOO_LARGE' });
      expect(res.error).to.match(/max_body_bytes/);
      expect(apiProxy.bytesUp - before).to.equal(0);
    });

    it('answers an invalid frame with 400 naming the field and rule, and keeps serving', async () => {
      const res = await conn.request({ id: 'bad-query', method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } } as unknown as K8sProxyRequest);
      expect(res).to.include({ status_code: 400, error_code: 'FRAME_INVALID' });
      expect(res.error).to.include('/query/watch must be array');
      conn.send('{not json');
      const broken = await conn.next((f) => f.id === '' && f.status_code === 400);
      expect(broken.error_code).to.equal('FRAME_INVALID');
      const ok = await conn.request({ id: nextId('ok'), method: 'GET', path: '/version' });
      expect(ok.status_code).to.equal(200);
      expect(json(ok).gitVersion).to.match(/^v1\./);
    });

    it('answers CANCEL for an unknown stream with 404', async () => {
      const res = await conn.request({ id: nextId('c'), method: 'CANCEL', stream_id: 'nope' });
      expect(res).to.include({ status_code: 404, error_code: 'UNKNOWN_STREAM' });
    });

    it('answers a duplicate in-flight id with 409', async () => {
      const id = nextId('dup');
      conn.send({ id, method: 'GET', path: `/api/v1/namespaces/${ns()}/pods`, query: { watch: ['true'] }, stream: true });
      const start = await conn.next((f) => f.id === id);
      const dup = await conn.next((f) => f.id === id && f.status_code === 409, 100).catch(() => undefined);
      expect(dup).to.equal(undefined);
      conn.send({ id, method: 'GET', path: '/version' });
      const res = await conn.next((f) => f.id === id && f.status_code === 409);
      expect(res.error_code).to.equal('DUPLICATE_ID');
      expect(res).not.to.have.property('stream_id');
      await conn.request({ id: nextId('c'), method: 'CANCEL', stream_id: start.stream_id! });
      await conn.next((f) => f.id === id && f.done === true);
    });
  });
});
