// The Kubernetes manifests and the rendered Helm chart, applied to the real
// test API server with kubectl: accepted by a server-side dry run, created,
// the pod template admitted under the "restricted" Pod Security Standard, and
// each RBAC flavour granting, as the agent's own ServiceAccount, what it
// promises and nothing more.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import type { KubeClient } from '../../testkit/kube/client.ts';
import { PROJECT_ROOT } from '../support/deploy/dockerfile.ts';
import { helmTemplate } from '../support/deploy/helm.ts';
import { findObject, parseManifests, readManifests, type AgentDeployment, type KubeObject } from '../support/deploy/manifests.ts';

const run = promisify(execFile);
const EXAMPLES = join(PROJECT_ROOT, 'examples/kubernetes');
const CHART = join(PROJECT_ROOT, 'charts/pipeops-agent');

async function kubectl(args: string[], input?: string): Promise<string> {
  const child = run(kube.kubectlPath, ['--kubeconfig', kube.adminKubeconfig, ...args], { timeout: 60_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    return (await child).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr ?? e.message}`, { cause: err });
  }
}

/** A client authenticated as a ServiceAccount, with a token from the TokenRequest API. */
async function clientAs(serviceAccount: string, namespace: string): Promise<KubeClient> {
  return kube.clientFor(await kube.mintToken(serviceAccount, namespace, 600));
}

/** The Deployment's pod template as a bare Pod, for admission checks. */
function podFrom(deployment: AgentDeployment, name: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: deployment.metadata.namespace },
    spec: deployment.spec.template.spec,
  };
}

async function status(client: KubeClient, method: string, path: string, body?: object): Promise<number> {
  return (await client.request(method, path, body)).status;
}

describe('deployment manifests on a real API server', function () {
  this.timeout(120_000);

  describe('examples/kubernetes', () => {
    let agent: KubeClient | undefined;

    before(async () => {
      await kubectl(['apply', '-f', join(EXAMPLES, 'namespace.yaml')]);
    });

    after(async () => {
      await agent?.close();
      // The namespace stays: other cases of this file use it.
      for (const file of ['deployment.yaml', 'networkpolicy.yaml', 'configmap.yaml', 'state-role.yaml', 'rbac-least-privilege.yaml', 'serviceaccount.yaml']) {
        await kubectl(['delete', '--ignore-not-found', '--wait=false', '-f', join(EXAMPLES, file)]);
      }
      await kubectl(['delete', '--ignore-not-found', 'configmap', '-n', 'pipeops-system', 'pipeops-agent-state']);
    });

    it('passes a server-side dry run, both RBAC flavours and the token Secret included', async () => {
      for (const file of ['rbac-cluster-admin.yaml', 'secret.example.yaml']) {
        await kubectl(['apply', '--dry-run=server', '-f', join(EXAMPLES, file)]);
      }
      const out = await kubectl(['apply', '--dry-run=server', '-k', EXAMPLES]);
      expect(out).to.match(/deployment.apps\/pipeops-agent .*\(server dry run\)/);
    });

    it('creates every object of the kustomization', async () => {
      await kubectl(['apply', '-k', EXAMPLES]);
      const deployment = JSON.parse(await kubectl(['get', '-n', 'pipeops-system', 'deployment/pipeops-agent', '-o', 'json'])) as {
        spec: { template: { spec: { serviceAccountName: string } } };
      };
      expect(deployment.spec.template.spec.serviceAccountName).to.equal('pipeops-agent');
      agent = await clientAs('pipeops-agent', 'pipeops-system');
    });

    it('rolls its two replicas one at a time on the real cluster, one always available, the budget holding one', async () => {
      const ns = ['-n', 'pipeops-system'];
      await kubectl(['rollout', 'status', 'deployment/pipeops-agent', ...ns, '--timeout=90s']);
      const pods = () =>
        kubectl(['get', 'pods', ...ns, '-l', 'app.kubernetes.io/name=pipeops-agent', '-o', 'json']).then(
          (out) => (JSON.parse(out) as { items: Array<{ metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string } }> }).items.filter((p) => !p.metadata.deletionTimestamp),
        );
      const before = await pods();
      expect(before).to.have.length(2);
      // Spread across the two kwok nodes.
      expect(new Set(before.map((p) => p.spec.nodeName)).size).to.equal(2);
      const pdb = JSON.parse(await kubectl(['get', 'pdb/pipeops-agent', ...ns, '-o', 'json'])) as { status: { currentHealthy: number; disruptionsAllowed: number } };
      expect(pdb.status).to.include({ currentHealthy: 2, disruptionsAllowed: 1 });

      // Every change of the Deployment's available count during the rollout, as the API server reports it.
      const watcher = execFile(kube.kubectlPath, ['--kubeconfig', kube.adminKubeconfig, 'get', 'deployment/pipeops-agent', ...ns, '-w', '-o', 'jsonpath={.status.availableReplicas}{"\\n"}']);
      let seen = '';
      // kubectl prints the current count once it has listed, and watches from there: no change after it is missed.
      const listed = Promise.withResolvers<void>();
      watcher.stdout?.setEncoding('utf8');
      watcher.stdout?.on('data', (chunk: string) => {
        seen += chunk;
        if (seen.includes('\n')) listed.resolve();
      });
      const exited = new Promise((resolve) => watcher.once('exit', resolve));
      exited.then(() => listed.reject(new Error(`kubectl get -w exited before printing; it printed ${JSON.stringify(seen)}`)), () => {});
      try {
        await listed.promise;
        await kubectl(['patch', 'deployment/pipeops-agent', ...ns, '--type=merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { 'pipeops.io/rolled': String(Date.now()) } } } } })]);
        await kubectl(['rollout', 'status', 'deployment/pipeops-agent', ...ns, '--timeout=90s']);
      } finally {
        watcher.kill();
        await exited;
      }
      const after = await pods();
      expect(after).to.have.length(2);
      expect(after.map((p) => p.metadata.name).filter((n) => before.some((b) => b.metadata.name === n)), 'old pods left').to.deep.equal([]);
      const counts = seen.split('\n').filter((l) => l !== '');
      expect(counts.length, 'status updates seen').to.be.greaterThan(1);
      expect(counts.filter((c) => Number(c) < 1), 'moments without an available replica').to.deep.equal([]);
    });

    it('has a pod template the restricted Pod Security Standard admits', async () => {
      const deployment = findObject<AgentDeployment>(readManifests(join(EXAMPLES, 'deployment.yaml')), 'Deployment');
      const res = await kube.adminRequest('POST', '/api/v1/namespaces/pipeops-system/pods?dryRun=All', podFrom(deployment, 'psa-check'));
      expect(res.status, res.text).to.equal(201);
      expect(String(res.headers.warning ?? ''), 'no admission warnings').to.equal('');
    });

    it('lets the restricted Pod Security Standard refuse a pod that breaks it (the check can fail)', async () => {
      const deployment = findObject<AgentDeployment>(readManifests(join(EXAMPLES, 'deployment.yaml')), 'Deployment');
      const pod = podFrom(deployment, 'psa-negative') as { spec: { containers: Array<{ securityContext: object }> } };
      pod.spec.containers[0].securityContext = { ...pod.spec.containers[0].securityContext, allowPrivilegeEscalation: true };
      const res = await kube.adminRequest('POST', '/api/v1/namespaces/pipeops-system/pods?dryRun=All', pod);
      expect(res.status).to.equal(403);
      expect(res.text).to.include('allowPrivilegeEscalation');
    });

    describe('as the agent with least-privilege RBAC', () => {
      const granted: Array<[string, string, object?]> = [
        ['GET', '/api/v1/pods?limit=1'],
        ['GET', '/api/v1/nodes'],
        ['GET', '/api/v1/namespaces'],
        ['GET', '/apis/apps/v1/deployments'],
        ['GET', '/api/v1/events'],
        ['GET', '/version'],
        ['POST', '/apis/apps/v1/namespaces/default/deployments?dryRun=All', {
          apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
          },
        }],
        ['POST', '/api/v1/namespaces/default/secrets?dryRun=All', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }],
      ];
      for (const [method, path, body] of granted) {
        it(`may ${method} ${path.replace(/\?.*/, '')}`, async () => {
          expect(await status(agent!, method, path, body)).to.be.oneOf([200, 201]);
        });
      }

      const refused: Array<[string, string, object?]> = [
        ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles'],
        ['POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?dryRun=All', {
          apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'ServiceAccount', name: 'pipeops-agent', namespace: 'pipeops-system' }],
        }],
        ['DELETE', '/api/v1/namespaces/default?dryRun=All'],
        ['GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions'],
        ['POST', '/api/v1/namespaces/pipeops-system/serviceaccounts/pipeops-agent/token', {
          apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {},
        }],
      ];
      for (const [method, path, body] of refused) {
        it(`may not ${method} ${path.replace(/\?.*/, '')}`, async () => {
          expect(await status(agent!, method, path, body)).to.equal(403);
        });
      }

      it('may create, read, update and patch its identity ConfigMap', async () => {
        const base = '/api/v1/namespaces/pipeops-system/configmaps';
        const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pipeops-agent-state' }, data: { agent_id: 'a1' } };
        expect(await status(agent!, 'POST', base, cm)).to.equal(201);
        const current = (await agent!.request('GET', `${base}/pipeops-agent-state`)).json<{ metadata: object }>();
        const updated = { ...cm, metadata: current.metadata, data: { agent_id: 'a1', cluster_id: 'c1' } };
        expect(await status(agent!, 'PUT', `${base}/pipeops-agent-state`, updated)).to.equal(200);
        // The agent saves with a merge patch.
        const patch = { data: { cluster_id: 'c2' } };
        const patched = await agent!.request('PATCH', `${base}/pipeops-agent-state`, JSON.stringify(patch), {
          'content-type': 'application/merge-patch+json',
        });
        expect(patched.status, patched.text).to.equal(200);
      });
    });

    describe('after switching to rbac-cluster-admin.yaml and back', () => {
      it('may do anything with the broad role', async () => {
        await kubectl(['apply', '-f', join(EXAMPLES, 'rbac-cluster-admin.yaml')]);
        expect(await status(agent!, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).to.equal(200);
        expect(await status(agent!, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')).to.equal(200);
      });

      it('is confined again once the least-privilege file is re-applied', async () => {
        await kubectl(['apply', '-f', join(EXAMPLES, 'rbac-least-privilege.yaml')]);
        expect(await status(agent!, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).to.equal(403);
        expect(await status(agent!, 'GET', '/api/v1/pods?limit=1')).to.equal(200);
      });
    });
  });

  describe('charts/pipeops-agent', () => {
    const NS = 'pipeops-helm';
    let dir: string;
    let agent: KubeClient | undefined;

    async function renderAndApply(mode: string): Promise<KubeObject[]> {
      const result = await helmTemplate(CHART, [
        'agent', '-n', NS, '--set', 'token=chart-token', '--set', `rbac.mode=${mode}`, '--set', 'config.agent.cluster_name=helm-spec',
      ]);
      expect(result.code, result.stderr).to.equal(0);
      const file = join(dir, `${mode}.yaml`);
      await writeFile(file, result.stdout);
      await kubectl(['apply', '--dry-run=server', '-f', file]);
      await kubectl(['apply', '-f', file]);
      return parseManifests(result.stdout);
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pipeops-chart-apply-'));
      await kubectl(['create', 'namespace', NS]);
      await kubectl(['label', 'namespace', NS, 'pod-security.kubernetes.io/enforce=restricted']);
    });

    after(async () => {
      await agent?.close();
      await kubectl(['delete', '--ignore-not-found', '--wait=false', '-f', join(dir, 'least-privilege.yaml')]).catch(() => '');
      await rm(dir, { recursive: true, force: true });
    });

    it('applies in least-privilege mode, with a pod the restricted standard admits', async () => {
      const objects = await renderAndApply('least-privilege');
      const deployment = findObject<AgentDeployment>(objects, 'Deployment');
      const res = await kube.adminRequest('POST', `/api/v1/namespaces/${NS}/pods?dryRun=All`, podFrom(deployment, 'psa-check'));
      expect(res.status, res.text).to.equal(201);
      agent = await clientAs('agent-pipeops-agent', NS);
      expect(await status(agent, 'GET', '/api/v1/pods?limit=1')).to.equal(200);
      expect(await status(agent, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).to.equal(403);
    });

    it('applies in cluster-admin mode, which grants everything', async () => {
      await renderAndApply('cluster-admin');
      expect(await status(agent!, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).to.equal(200);
    });

    it('returns to least privilege on the next release', async () => {
      await renderAndApply('least-privilege');
      expect(await status(agent!, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).to.equal(403);
    });
  });
});
