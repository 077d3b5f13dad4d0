// The test API server the integration and end-to-end tiers run against: a real
// kube-apiserver, reached with the service account credentials the agent will
// use, doing every kind of request the proxy has to carry.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { request } from 'undici';
import { kube } from '../../testkit/kube/harness.ts';
import type { KubeClient } from '../../testkit/kube/client.ts';

const run = promisify(execFile);
const KUBE_VERSION = 'v1.37.2';

interface ConfigMap {
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string>; managedFields?: { manager: string }[] };
  data?: Record<string, string>;
}

describe('test API server', function () {
  let agent: KubeClient;
  let base: string;

  before(function () {
    agent = kube.clientFor(kube.token());
    base = `/api/v1/namespaces/${kube.namespace}/configmaps`;
  });

  after(async function () {
    await agent.close();
  });

  describe('start-up', function () {
    it('serves HTTPS on a loopback port with a certificate from the run CA', async function () {
      expect(kube.server).to.equal(`https://127.0.0.1:${kube.port}`);
      const res = await kube.adminRequest('GET', '/readyz');
      expect(res.status).to.equal(200);
    });

    it(`reports ${KUBE_VERSION} from kubectl version for client and server`, async function () {
      const { stdout } = await run(kube.kubectlPath, ['version', '-o', 'json', '--kubeconfig', kube.adminKubeconfig]);
      const version = JSON.parse(stdout) as { clientVersion: { gitVersion: string }; serverVersion: { gitVersion: string } };
      expect(version.clientVersion.gitVersion).to.equal(KUBE_VERSION);
      expect(version.serverVersion.gitVersion).to.equal(KUBE_VERSION);
    });

    it('writes in-cluster-style credential dirs (token, ca.crt, namespace)', function () {
      for (const dir of [kube.saDir, kube.narrowSaDir]) {
        expect(readFileSync(join(dir, 'token'), 'utf8')).to.match(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
        expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).to.equal(readFileSync(kube.caFile, 'utf8'));
        expect(readFileSync(join(dir, 'namespace'), 'utf8')).to.equal(kube.namespace);
      }
    });

    it('gives a child agent in-cluster service discovery and the credential dir', function () {
      expect(kube.agentEnv()).to.deep.equal({
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: String(kube.port),
        PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR: kube.saDir,
      });
    });
  });

  describe('ConfigMaps as the agent service account', function () {
    const name = 'harness-cm';

    it('creates, lists and gets', async function () {
      const created = await agent.request('POST', base, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, labels: { suite: 'harness' } },
        data: { a: '1' },
      });
      expect(created.status, created.text).to.equal(201);
      const list = await agent.request('GET', `${base}?labelSelector=suite%3Dharness`);
      expect(list.status).to.equal(200);
      expect(list.json<{ items: ConfigMap[] }>().items.map((i) => i.metadata.name)).to.include(name);
      const got = await agent.request('GET', `${base}/${name}`);
      expect(got.json<ConfigMap>().data).to.deep.equal({ a: '1' });
    });

    it('patches with merge-patch', async function () {
      const res = await agent.request('PATCH', `${base}/${name}`, JSON.stringify({ data: { b: '2' } }), {
        'content-type': 'application/merge-patch+json',
      });
      expect(res.status, res.text).to.equal(200);
      expect(res.json<ConfigMap>().data).to.deep.equal({ a: '1', b: '2' });
    });

    it('patches with JSON patch', async function () {
      const ops = [
        { op: 'remove', path: '/data/a' },
        { op: 'add', path: '/data/c', value: '3' },
      ];
      const res = await agent.request('PATCH', `${base}/${name}`, JSON.stringify(ops), {
        'content-type': 'application/json-patch+json',
      });
      expect(res.status, res.text).to.equal(200);
      expect(res.json<ConfigMap>().data).to.deep.equal({ b: '2', c: '3' });
    });

    it('patches with strategic merge patch', async function () {
      const res = await agent.request('PATCH', `${base}/${name}`, JSON.stringify({ metadata: { labels: { tier: 'x' } } }), {
        'content-type': 'application/strategic-merge-patch+json',
      });
      expect(res.status, res.text).to.equal(200);
      expect(res.json<ConfigMap>().metadata.labels).to.deep.equal({ suite: 'harness', tier: 'x' });
    });

    it('applies server-side with a field manager', async function () {
      const yaml = [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: ${name}`,
        'data:',
        '  applied: "yes"',
      ].join('\n');
      const res = await agent.request('PATCH', `${base}/${name}?fieldManager=pipeops-test&force=true`, yaml, {
        'content-type': 'application/apply-patch+yaml',
      });
      expect(res.status, res.text).to.equal(200);
      const cm = res.json<ConfigMap>();
      expect(cm.data).to.include({ applied: 'yes' });
      expect(cm.metadata.managedFields?.map((f) => f.manager)).to.include('pipeops-test');
    });

    it('deletes', async function () {
      const res = await agent.request('DELETE', `${base}/${name}`);
      expect(res.status, res.text).to.equal(200);
      const gone = await agent.request('GET', `${base}/${name}`);
      expect(gone.status).to.equal(404);
      expect(gone.json<{ kind: string; reason: string }>()).to.include({ kind: 'Status', reason: 'NotFound' });
    });
  });

  describe('watch', function () {
    it('streams ADDED, MODIFIED and DELETED events', async function () {
      const name = 'watched-cm';
      const res = await request(new URL(`${base}?watch=true&fieldSelector=metadata.name%3D${name}`, kube.server), {
        headers: agent.authHeaders(),
        dispatcher: agent.dispatcher,
      });
      expect(res.statusCode).to.equal(200);
      const seen: string[] = [];
      const done = (async () => {
        let buffered = '';
        for await (const chunk of res.body) {
          buffered += (chunk as Buffer).toString('utf8');
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const event = JSON.parse(buffered.slice(0, newline)) as { type: string };
            buffered = buffered.slice(newline + 1);
            seen.push(event.type);
            if (event.type === 'DELETED') return;
          }
        }
      })();
      const created = await agent.request('POST', base, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
      expect(created.status).to.equal(201);
      const patched = await agent.request('PATCH', `${base}/${name}`, '{"data":{"x":"1"}}', {
        'content-type': 'application/merge-patch+json',
      });
      expect(patched.status).to.equal(200);
      expect((await agent.request('DELETE', `${base}/${name}`)).status).to.equal(200);
      await done;
      res.body.destroy();
      expect(seen).to.deep.equal(['ADDED', 'MODIFIED', 'DELETED']);
    });
  });

  describe('Pods', function () {
    it('are admitted with the default service account and listed by the narrow account', async function () {
      const pods = `/api/v1/namespaces/${kube.namespace}/pods`;
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'harness-pod' },
        spec: { containers: [{ name: 'c', image: 'registry.invalid/none:1' }] },
      };
      const created = await agent.request('POST', pods, pod);
      expect(created.status, created.text).to.equal(201);
      const narrow = kube.clientFor(kube.token(kube.narrowSaDir));
      try {
        const list = await narrow.request('GET', pods);
        expect(list.status).to.equal(200);
        expect(list.json<{ items: { metadata: { name: string } }[] }>().items.map((p) => p.metadata.name)).to.include(
          'harness-pod',
        );
      } finally {
        await narrow.close();
      }
      const deleted = await agent.request('DELETE', `${pods}/harness-pod?gracePeriodSeconds=0`);
      expect(deleted.status).to.equal(200);
    });
  });

  describe('RBAC', function () {
    it('answers 403 Forbidden with a Status when the narrow account lists secrets', async function () {
      const narrow = kube.clientFor(kube.token(kube.narrowSaDir));
      try {
        const res = await narrow.request('GET', `/api/v1/namespaces/${kube.namespace}/secrets`);
        expect(res.status).to.equal(403);
        const status = res.json<{ kind: string; reason: string; message: string }>();
        expect(status).to.include({ kind: 'Status', reason: 'Forbidden' });
        expect(status.message).to.contain(`system:serviceaccount:${kube.namespace}:pipeops-narrow`);
      } finally {
        await narrow.close();
      }
    });

    it('answers 401 to a token that is not one the server signed', async function () {
      const forged = kube.clientFor(`${kube.token().slice(0, -4)}AAAA`);
      try {
        expect((await forged.request('GET', '/api')).status).to.equal(401);
      } finally {
        await forged.close();
      }
    });
  });

  describe('tokens', function () {
    it('mints a fresh bound token for the service account', async function () {
      const token = await kube.mintToken('pipeops-agent', kube.namespace, 600);
      expect(token).to.not.equal(kube.token());
      const client = kube.clientFor(token);
      try {
        const review = await client.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
        });
        expect(review.status, review.text).to.equal(201);
        const user = review.json<{ status: { userInfo: { username: string } } }>().status.userInfo.username;
        expect(user).to.equal(`system:serviceaccount:${kube.namespace}:pipeops-agent`);
      } finally {
        await client.close();
      }
    });

    it('rotates the token file in the credential dir', async function () {
      const dir = await kube.createServiceAccount('rotated', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]);
      const before = kube.token(dir);
      const after = await kube.rotateToken(dir, 'rotated');
      expect(after).to.not.equal(before);
      expect(kube.token(dir)).to.equal(after);
      const client = kube.clientFor(after);
      try {
        expect((await client.request('GET', base)).status).to.equal(200);
      } finally {
        await client.close();
      }
    });
  });
});
