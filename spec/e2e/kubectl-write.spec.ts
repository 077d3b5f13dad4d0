// kubectl changing the cluster through the tunnel — create, apply (client- and
// server-side), the three patch types, delete — and the API server's own
// errors printed exactly as kubectl prints them when it talks to the API
// server directly.
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import { E2eStack, type E2eAgent } from '../support/e2e/stack.ts';

interface ConfigMap {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: { manager: string; operation: string }[] };
  data?: Record<string, string>;
}

describe('kubectl through the tunnel: writing', function () {
  let stack: E2eStack;
  let narrow: E2eAgent;

  before(async function () {
    stack = await E2eStack.start();
    await stack.startAgent('write');
    // pipeops-narrow may only get and list pods in the namespace; its state stays in a file.
    narrow = await stack.startAgent('narrow', kube.narrowSaDir, { PIPEOPS_AGENT_STATE_STORE: 'file' });
  });

  after(async function () {
    await stack?.close();
  });

  async function getCm(name: string): Promise<ConfigMap> {
    const res = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/${name}`);
    expect(res.status, res.text).to.equal(200);
    return res.json<ConfigMap>();
  }

  function manifest(name: string, data: Record<string, string>): string {
    return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'e2e' } }, data });
  }

  it('creates an object and reads it back', async function () {
    const res = await stack.viaTunnel(['create', 'configmap', 'created', '--from-literal=k=v']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.equal('configmap/created created\n');
    expect((await getCm('created')).data).to.deep.equal({ k: 'v' });
  });

  it('applies client-side: created, then configured, then unchanged', async function () {
    const first = await stack.viaTunnel(['apply', '-f', '-'], { input: manifest('applied', { a: '1' }) });
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.equal('configmap/applied created\n');
    const cm = await getCm('applied');
    expect(cm.metadata.annotations).to.have.property('kubectl.kubernetes.io/last-applied-configuration');

    const second = await stack.viaTunnel(['apply', '-f', '-'], { input: manifest('applied', { a: '2' }) });
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.equal('configmap/applied configured\n');
    expect((await getCm('applied')).data).to.deep.equal({ a: '2' });

    const third = await stack.viaTunnel(['apply', '-f', '-'], { input: manifest('applied', { a: '2' }) });
    expect(third.stdout).to.equal('configmap/applied unchanged\n');
  });

  it('applies server-side with its field manager', async function () {
    const first = await stack.viaTunnel(['apply', '--server-side', '--field-manager=e2e', '-f', '-'], { input: manifest('ssa', { a: '1' }) });
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.equal('configmap/ssa serverside-applied\n');
    const again = await stack.viaTunnel(['apply', '--server-side', '--field-manager=e2e', '-f', '-'], { input: manifest('ssa', { a: '3' }) });
    expect(again.code, again.stderr).to.equal(0);
    const cm = await getCm('ssa');
    expect(cm.data).to.deep.equal({ a: '3' });
    expect(cm.metadata.managedFields?.map((f) => [f.manager, f.operation])).to.deep.include(['e2e', 'Apply']);
  });

  it('patches with merge, json and strategic patches', async function () {
    await stack.viaTunnel(['create', 'configmap', 'patched', '--from-literal=a=1']);
    const merge = await stack.viaTunnel(['patch', 'configmap', 'patched', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    expect(merge.code, merge.stderr).to.equal(0);
    expect(merge.stdout).to.equal('configmap/patched patched\n');

    const json = await stack.viaTunnel(['patch', 'configmap', 'patched', '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]']);
    expect(json.code, json.stderr).to.equal(0);

    const strategic = await stack.viaTunnel(['patch', 'configmap', 'patched', '--type=strategic', '-p', '{"metadata":{"labels":{"tier":"e2e"}}}']);
    expect(strategic.code, strategic.stderr).to.equal(0);

    const cm = await getCm('patched');
    expect(cm.data).to.deep.equal({ b: '2' });
    expect(cm.metadata.labels).to.deep.equal({ tier: 'e2e' });

    const noop = await stack.viaTunnel(['patch', 'configmap', 'patched', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    expect(noop.stdout).to.equal('configmap/patched patched (no change)\n');
  });

  it('deletes an object', async function () {
    await stack.viaTunnel(['create', 'configmap', 'doomed']);
    const res = await stack.viaTunnel(['delete', 'configmap', 'doomed', '--wait=false']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.equal('configmap "doomed" deleted from pipeops-test namespace\n');
    const after = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/doomed`);
    expect(after.status).to.equal(404);
  });

  describe("the API server's errors, as kubectl prints them", function () {
    it('409 AlreadyExists', async function () {
      await stack.viaTunnel(['create', 'configmap', 'twice']);
      const res = await stack.viaTunnel(['create', 'configmap', 'twice']);
      const direct = await stack.direct(['create', 'configmap', 'twice']);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.equal('error: failed to create configmap: configmaps "twice" already exists\n');
      expect(res.stderr).to.equal(direct.stderr);
    });

    it('422 Invalid', async function () {
      const bad = manifest('Not_A_Valid_Name', { a: '1' });
      const res = await stack.viaTunnel(['create', '-f', '-'], { input: bad });
      const direct = await stack.direct(['create', '-f', '-'], { input: bad });
      expect(res.code).to.equal(1);
      expect(res.stderr).to.match(/^The ConfigMap "Not_A_Valid_Name" is invalid: metadata\.name: Invalid value: "Not_A_Valid_Name": /);
      expect(res.stderr).to.equal(direct.stderr);
    });

    it('404 NotFound on delete', async function () {
      const res = await stack.viaTunnel(['delete', 'configmap', 'never-was']);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.equal('Error from server (NotFound): configmaps "never-was" not found\n');
    });

    it('403 Forbidden, unchanged, for an agent whose service account may not', async function () {
      const allowed = await stack.viaTunnel(['get', 'pods'], { kubeconfig: narrow.kubeconfig });
      expect(allowed.code, allowed.stderr).to.equal(0);

      const res = await stack.viaTunnel(['get', 'configmaps'], { kubeconfig: narrow.kubeconfig });
      expect(res.code).to.equal(1);
      expect(res.stderr).to.equal(
        'Error from server (Forbidden): configmaps is forbidden: User "system:serviceaccount:pipeops-test:pipeops-narrow" ' +
          'cannot list resource "configmaps" in API group "" in the namespace "pipeops-test"\n',
      );
    });
  });
});
