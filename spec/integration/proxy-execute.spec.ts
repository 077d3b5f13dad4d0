// The agent executing proxy frames against the real API server, reached
// through a test Runner socket: the reference design's three examples, every
// patch type, the API server's own answers passed through (404, a narrow
// token's 403) and debug logs with secrets redacted. The refusal rules:
// proxy-refusals.spec.ts.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { K8sProxyRequest, K8sProxyResponse } from '../../lib/protocol/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startAgentWithRunner, startTestAgent, type TestAgent } from '../support/agent.ts';
import { openWatches } from '../support/api-metrics.ts';

const fixture = (name: string): K8sProxyRequest =>
  JSON.parse(readFileSync(new URL(`../fixtures/frames/${name}`, import.meta.url), 'utf8')) as K8sProxyRequest;
const b64 = (s: string | object): string => Buffer.from(typeof s === 'string' ? s : JSON.stringify(s)).toString('base64');
const json = <T = Record<string, unknown>>(f: K8sProxyResponse): T => JSON.parse(Buffer.from(f.body ?? '', 'base64').toString('utf8')) as T;

describe('ProxyExecutor against the real API server', function () {
  this.timeout(60_000);
  let agent: TestAgent;
  let conn: PeerConnection;
  let stop: (() => Promise<void>) | undefined;
  let seq = 0;
  const nextId = (p: string): string => `${p}-${++seq}`;
  const ns = (): string => kube.namespace;

  before(async () => {
    ({ agent, conn, stop } = await startAgentWithRunner({}, 'runner-token'));
    await conn.next((f) => f.type === 'hello');
  });

  after(() => stop?.());

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
});
