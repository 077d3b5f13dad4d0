// kubectl reading the cluster through the tunnel: bin/agent.js runs as a child
// process with in-cluster-style credentials, kubectl talks plain HTTP to the
// reference kubectl gateway, and every answer comes from the real API server.
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import { E2eStack } from '../support/e2e/stack.ts';

describe('kubectl through the tunnel: reading', function () {
  let stack: E2eStack;

  before(async function () {
    stack = await E2eStack.start();
    await stack.startAgent('read');
  });

  after(async function () {
    await stack?.close();
  });

  it('lists namespaces', async function () {
    const res = await stack.viaTunnel(['get', 'namespaces', '--no-headers', '-o', 'name']);
    expect(res.stderr).to.equal('');
    expect(res.code).to.equal(0);
    expect(res.stdout.split('\n')).to.include.members(['namespace/default', `namespace/${kube.namespace}`, 'namespace/kube-system']);
  });

  it('prints the server version from /version', async function () {
    const res = await stack.viaTunnel(['version', '-o', 'json']);
    expect(res.code, res.stderr).to.equal(0);
    const version = JSON.parse(res.stdout) as { serverVersion: { gitVersion: string } };
    expect(version.serverVersion.gitVersion).to.match(/^v1\.\d+\.\d+/);
  });

  it('runs discovery: api-versions and api-resources', async function () {
    const versions = await stack.viaTunnel(['api-versions']);
    expect(versions.code, versions.stderr).to.equal(0);
    expect(versions.stdout.split('\n')).to.include.members(['v1', 'apps/v1', 'rbac.authorization.k8s.io/v1']);

    const resources = await stack.viaTunnel(['api-resources', '--no-headers', '-o', 'name']);
    expect(resources.code, resources.stderr).to.equal(0);
    expect(resources.stdout.split('\n')).to.include.members(['configmaps', 'deployments.apps', 'namespaces', 'pods']);
  });

  it('explains a field from the OpenAPI documents', async function () {
    const res = await stack.viaTunnel(['explain', 'deployment.spec.replicas']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.match(/GROUP:\s+apps/);
    expect(res.stdout).to.match(/FIELD:\s+replicas\s+<integer>/);
  });

  it('fetches raw paths with get --raw', async function () {
    const healthz = await stack.viaTunnel(['get', '--raw', '/healthz']);
    expect(healthz.code, healthz.stderr).to.equal(0);
    expect(healthz.stdout).to.equal('ok');

    const ns = await stack.viaTunnel(['get', '--raw', `/api/v1/namespaces/${kube.namespace}`]);
    expect(ns.code, ns.stderr).to.equal(0);
    expect(JSON.parse(ns.stdout)).to.include({ kind: 'Namespace' });
  });

  it('prints the API server 404 as kubectl does', async function () {
    const res = await stack.viaTunnel(['get', 'configmap', 'no-such-configmap']);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.equal('Error from server (NotFound): configmaps "no-such-configmap" not found\n');
  });
});
