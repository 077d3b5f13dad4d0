// The agent executing proxy frames against the real API server, reached
// through a test Runner socket: the reference design's three examples, every
// patch type, the API server's own 403s, and each refusal rule.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { K8sProxyRequest, K8sProxyResponse } from '../../lib/protocol/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent, type TestAgent } from '../support/agent.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { openWatches } from '../support/api-metrics.ts';

const fixture = (name: string): K8sProxyRequest =>
  JSON.parse(readFileSync(new URL(`../fixtures/frames/${name}`, import.meta.url), 'utf8')) as K8sProxyRequest;
const b64 = (s: string | object): string => Buffer.from(typeof s === 'string' ? s : JSON.stringify(s)).toString('base64');
const json = <T = Record<string, unknown>>(f: K8sProxyResponse): T => JSON.parse(Buffer.from(f.body ?? '', 'base64').toString('utf8')) as T;

describe('ProxyExecutor against the real API server', function () {
  this.timeout(60_000);
  let peer: Peer;
  let agent: TestAgent;
  let conn: PeerConnection;
  let apiProxy: TcpProxy;
  let seq = 0;
  const nextId = (p: string): string => `${p}-${++seq}`;
  const ns = (): string => kube.namespace;

  before(async () => {
    peer = await new Peer({ token: 'runner-token' }).listen();
    // The agent reaches the API server through a counting forwarder, so a spec can
    // prove that a refused frame never produced a byte towards the API server.
    apiProxy = await new TcpProxy(kube.host, kube.port).listen();
    agent = await startTestAgent({
      apiHost: '127.0.0.1',
      apiPort: apiProxy.port,
      configure: (c) => {
        c.runners = [{ url: peer.url, token: 'runner-token', name: 'spec' }];
      },
    });
    conn = await peer.connection();
    await conn.next((f) => f.type === 'hello');
  });

  after(async () => {
    await agent?.stop();
    await peer?.close();
    await apiProxy?.close();
  });

  describe('the reference design examples', () => {
    it('lists pods (list-pods-123)', async () => {
      const frame = { ...fixture('request-list-pods.json'), path: `/api/v1/namespaces/${ns()}/pods` };
      const res = await conn.request(frame);
      expect(res.status_code).to.equal(200);
      expect(res.headers?.['Content-Type']).to.match(/application\/json/);
      expect(json(res).kind).to.equal('PodList');
    });

    it('creates a Deployment from YAML (create-deploy-456)', async () => {
      const frame = { ...fixture('request-create-deploy.json'), path: `/apis/apps/v1/namespaces/${ns()}/deployments` };
      const res = await conn.request(frame);
      expect(res.status_code, Buffer.from(res.body ?? '', 'base64').toString()).to.equal(201);
      const created = json<{ metadata: { name: string }; spec: { replicas: number } }>(res);
      expect(created.metadata.name).to.equal('nginx');
      expect(created.spec.replicas).to.equal(3);
      const again = await kube.adminRequest('GET', `/apis/apps/v1/namespaces/${ns()}/deployments/nginx`);
      expect(again.status).to.equal(200);
    });

    it('watches pods: one event per chunk for ADDED, MODIFIED, DELETED, then CANCEL ends the stream', async () => {
      const watch = { ...fixture('request-watch-pods.json'), id: nextId('watch-pods'), path: `/api/v1/namespaces/${ns()}/pods` };
      conn.send(watch);
      const start = await conn.next((f) => f.id === watch.id);
      expect(start.stream).to.equal(true);
      expect(start.status_code).to.equal(200);
      expect(start.stream_id).to.be.a('string');
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'watched', labels: { app: 'watched' } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      };
      expect((await kube.adminRequest('POST', `/api/v1/namespaces/${ns()}/pods`, pod)).status).to.equal(201);
      const patched = await kube.adminRequest('PATCH', `/api/v1/namespaces/${ns()}/pods/watched`, { metadata: { labels: { step: 'two' } } }, {
        'content-type': 'application/merge-patch+json',
      });
      expect(patched.status).to.equal(200);
      expect((await kube.adminRequest('DELETE', `/api/v1/namespaces/${ns()}/pods/watched?gracePeriodSeconds=0`)).status).to.equal(200);
      const types: string[] = [];
      for (const type of ['ADDED', 'MODIFIED', 'DELETED']) {
        const ev = await conn.next((f) => f.id === watch.id && f.chunk === true && json<{ type: string }>(f).type === type && (json<{ object: { metadata: { name: string } } }>(f).object.metadata.name === 'watched'));
        types.push(json<{ type: string }>(ev).type);
      }
      expect(types).to.deep.equal(['ADDED', 'MODIFIED', 'DELETED']);
      // Every chunk is exactly one JSON object, no newline.
      for (const f of conn.framesFor(watch.id).filter((f) => f.chunk)) {
        const text = Buffer.from(f.body ?? '', 'base64').toString('utf8');
        expect(text).not.to.include('\n');
        expect(() => JSON.parse(text) as unknown).not.to.throw();
      }
      // The API server's own count of open watches: one while ours runs…
      const podWatches = (): Promise<number> => openWatches('pods', 'namespace');
      expect(await podWatches()).to.equal(1);
      const cancel = await conn.request({ id: nextId('cancel'), method: 'CANCEL', stream_id: start.stream_id! });
      expect(cancel.status_code).to.equal(200);
      const done = await conn.next((f) => f.id === watch.id && f.done === true);
      expect(done).to.include({ stream_id: start.stream_id, error_code: 'CANCELLED', error: 'cancelled' });
      // …and none at once after CANCEL: the upstream request was aborted, not left to time out.
      const deadline = Date.now() + 2000;
      while ((await podWatches()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await podWatches()).to.equal(0);
      expect(conn.framesFor(watch.id).filter((f) => f.done)).to.have.length(1);
    });
  });

  describe('patches', () => {
    const cm = (name: string) => `/api/v1/namespaces/${ns()}/configmaps/${name}`;
    before(async () => {
      const res = await conn.request({
        id: nextId('cm'),
        method: 'POST',
        path: `/api/v1/namespaces/${ns()}/configmaps`,
        headers: { 'Content-Type': 'application/json' },
        body: b64({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: { a: '1' } }),
      });
      expect(res.status_code).to.equal(201);
    });

    const cases: [string, string, string, Record<string, string>][] = [
      ['merge patch', 'application/merge-patch+json', JSON.stringify({ data: { merge: 'yes' } }), { merge: 'yes' }],
      ['JSON patch', 'application/json-patch+json', JSON.stringify([{ op: 'add', path: '/data/json', value: 'yes' }]), { json: 'yes' }],
      ['strategic merge patch', 'application/strategic-merge-patch+json', JSON.stringify({ data: { strategic: 'yes' } }), { strategic: 'yes' }],
    ];
    for (const [name, type, body, expected] of cases) {
      it(`applies a ${name} (${type})`, async () => {
        const res = await conn.request({ id: nextId('patch'), method: 'PATCH', path: cm('patched'), headers: { 'Content-Type': type }, body: b64(body) });
        expect(res.status_code, Buffer.from(res.body ?? '', 'base64').toString()).to.equal(200);
        expect(json<{ data: Record<string, string> }>(res).data).to.include(expected);
      });
    }

    it('applies server-side (application/apply-patch+yaml with a field manager)', async () => {
      const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  ssa: "yes"\n';
      const res = await conn.request({
        id: nextId('apply'),
        method: 'PATCH',
        path: cm('applied'),
        query: { fieldManager: ['pipeops-spec'], force: ['true'] },
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body: b64(yaml),
      });
      expect(res.status_code, Buffer.from(res.body ?? '', 'base64').toString()).to.be.oneOf([200, 201]);
      const obj = json<{ data: Record<string, string>; metadata: { managedFields: { manager: string }[] } }>(res);
      expect(obj.data.ssa).to.equal('yes');
      expect(obj.metadata.managedFields.map((m) => m.manager)).to.include('pipeops-spec');
    });

    it('deletes an object', async () => {
      const res = await conn.request({ id: nextId('del'), method: 'DELETE', path: cm('applied') });
      expect(res.status_code).to.equal(200);
      expect((await kube.adminRequest('GET', cm('applied'))).status).to.equal(404);
    });
  });

  describe('answers from the API server', () => {
    it('passes a 404 through unchanged', async () => {
      const res = await conn.request({ id: nextId('nf'), method: 'GET', path: `/api/v1/namespaces/${ns()}/configmaps/absent` });
      expect(res.status_code).to.equal(404);
      expect(json(res).reason).to.equal('NotFound');
    });

    it('passes the 403 of a narrow-RBAC token through unchanged', async () => {
      const narrowPeer = await new Peer({ token: 't' }).listen();
      const narrow = await startTestAgent({ saDir: kube.narrowSaDir, configure: (c) => (c.runners = [{ url: narrowPeer.url, token: 't' }]) });
      try {
        const nc = await narrowPeer.connection();
        const ok = await nc.request({ id: 'pods', method: 'GET', path: `/api/v1/namespaces/${ns()}/pods` });
        expect(ok.status_code).to.equal(200);
        const res = await nc.request({ id: 'secrets', method: 'GET', path: `/api/v1/namespaces/${ns()}/secrets` });
        expect(res.status_code).to.equal(403);
        expect(res.error).to.equal(undefined);
        const status = json<{ kind: string; reason: string; message: string }>(res);
        expect(status.kind).to.equal('Status');
        expect(status.reason).to.equal('Forbidden');
        expect(status.message).to.include('system:serviceaccount:');
      } finally {
        await narrow.stop();
        await narrowPeer.close();
      }
    });
  });

  describe('debug logs', () => {
    it('log request and response bodies with Secret data and tokens redacted', async () => {
      const value = 'super-secret-value-7f3a';
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'logged' }, stringData: { password: value } };
      const created = await conn.request({ id: nextId('secret'), method: 'POST', path: `/api/v1/namespaces/${ns()}/secrets`, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer frame-token-should-not-log' }, body: b64(secret) });
      expect(created.status_code).to.equal(201);
      const read = await conn.request({ id: nextId('secret'), method: 'GET', path: `/api/v1/namespaces/${ns()}/secrets/logged` });
      expect(read.status_code).to.equal(200);
      expect(json<{ data: Record<string, string> }>(read).data.password).to.equal(Buffer.from(value).toString('base64'));
      const logs = agent.logs.join('');
      expect(logs).to.include('"msg":"proxy request"');
      expect(logs).to.include('"msg":"proxy response"');
      // The bodies are logged (as JSON strings inside the log line)…
      expect(logs).to.include('\\"kind\\":\\"Secret\\"');
      expect(logs).to.include('\\"password\\":\\"***\\"');
      for (const leaked of [value, Buffer.from(value).toString('base64'), kube.token(), 'frame-token-should-not-log']) {
        expect(logs).not.to.include(leaked);
      }
    });
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
