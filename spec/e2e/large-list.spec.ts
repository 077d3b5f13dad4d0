// A list of 5,000 objects through the tunnel. Its JSON is larger than the
// agent's default proxy.max_response_bytes, so the gateway's plain request gets
// the agent's 413 and is retried as a stream; kubectl sees one complete list.
import { expect } from 'chai';
import { createNamespace } from '../../testkit/kube/provision.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { E2eStack } from '../support/e2e/stack.ts';

const COUNT = 5000;
const NAMESPACE = 'e2e-bulk';

describe('a 5,000-object list through the tunnel', function () {
  let stack: E2eStack;

  before(async function () {
    stack = await E2eStack.start();
    await Promise.all([stack.startAgent('bulk'), createConfigMaps()]);
  });

  after(async function () {
    await stack?.close();
  });

  async function createConfigMaps(): Promise<void> {
    await createNamespace(kube.admin, NAMESPACE);
    const path = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
    // Fifty at a time: quick, and well inside the API server's default in-flight limit.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < COUNT) {
        const i = next++;
        const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(5, '0')}` }, data: { i: String(i), pad: 'x'.repeat(1600) } };
        const res = await kube.adminRequest('POST', path, body);
        if (res.status !== 201) throw new Error(`creating configmap ${i}: ${res.status} ${res.text}`);
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
  }

  it('kubectl get lists all of them', async function () {
    const res = await stack.viaTunnel(['get', 'configmaps', '-n', NAMESPACE, '--no-headers'], { timeoutMs: 90_000 });
    expect(res.stderr).to.equal('');
    expect(res.code).to.equal(0);
    // Besides ours, only kube-root-ca.crt, which the controller manager puts in every namespace.
    const all = res.stdout.trimEnd().split('\n');
    expect(all.filter((line) => !line.startsWith('cm-')).map((line) => line.split(/\s+/)[0])).to.satisfy((names: string[]) => names.every((name) => name === 'kube-root-ca.crt'));
    const lines = all.filter((line) => line.startsWith('cm-'));
    expect(lines).to.have.length(COUNT);
    expect(lines[0]).to.match(/^cm-00000\s+2\s+/);
    expect(lines.at(-1)).to.match(/^cm-04999\s+2\s+/);
  });

  it('kubectl get -o json returns the whole list in one body', async function () {
    const res = await stack.viaTunnel(['get', '--raw', `/api/v1/namespaces/${NAMESPACE}/configmaps`], { timeoutMs: 90_000 });
    expect(res.code, res.stderr).to.equal(0);
    // Bigger than the agent's 8 MiB buffered-response limit: this took the stream path.
    expect(Buffer.byteLength(res.stdout)).to.be.above(8 * 1024 * 1024);
    const list = JSON.parse(res.stdout) as { kind: string; items: { metadata: { name: string } }[] };
    expect(list.kind).to.equal('ConfigMapList');
    expect(list.items.filter((i) => i.metadata.name.startsWith('cm-'))).to.have.length(COUNT);
  });
});
