// kubectl through the tunnel answers as kubectl straight at the API server
// does: the same command run both ways (directly with the agent's own
// service-account token, so both have the same rights), exit code and output
// compared after normalising what differs between any two runs (ages,
// timestamps, uids, resourceVersions, generated names). The gateway passes
// the client's headers on like an ordinary reverse proxy (Accept-Encoding
// included), so this is what a real Runner's clients see.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2eStack, type E2eAgent } from '../support/e2e/stack.ts';
import type { KubectlResult } from '../support/e2e/kubectl.ts';
import { KubectlWatch } from '../support/e2e/watch.ts';
import { kube } from '../support/kube/harness.ts';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.fidelity.pipeops.io' },
  spec: {
    group: 'fidelity.pipeops.io',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
    scope: 'Namespaced',
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } },
      additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
    }],
  },
};

/** What differs between any two runs of the same command, whichever way it went. */
export function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uid>')
    .replace(/("resourceVersion": ?")\d+"/g, '$1<rv>"')
    .replace(/(resourceVersion: )"?\d+"?/g, '$1<rv>')
    .replace(/\b(\d+d)?(\d+h)?(\d+m)?(\d+s)?\b(?=\s|$)/g, (m) => (m === '' ? m : /^\d+$/.test(m) ? m : '<age>'))
    .replace(/<invalid>/g, '<age>')
    .replace(/-[a-z0-9]{9,10}-[a-z0-9]{5}\b/g, '-<rs>-<pod>')
    .replace(/[ \t]+$/gm, '');
}

/** Twin objects carry the side in their name: `-tnl` through the tunnel, `-drc` directly. */
type Side = 'tnl' | 'drc';
const SIDES: Side[] = ['tnl', 'drc'];

describe('kubectl fidelity: the same command through the tunnel and directly', function () {
  let stack: E2eStack;
  let agent: E2eAgent;
  let direct: string;
  const ns = 'pipeops-fidelity';

  before(async function () {
    stack = await E2eStack.start();
    agent = await stack.startAgent('fidelity');
    direct = join(stack.dir, 'agent-token.kubeconfig');
    writeFileSync(direct, JSON.stringify({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: kube.server, 'certificate-authority': kube.caFile } }],
      users: [{ name: 'agent', user: { token: kube.token() } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'agent', namespace: ns } }],
      'current-context': 'c',
    }));
    const crd = await kube.adminRequest('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', CRD);
    expect(crd.status, crd.text).to.be.oneOf([201, 409]);
    await stack.direct(['wait', '--for=condition=Established', 'crd/widgets.fidelity.pipeops.io']);
    await kube.runDeployment('web', 2, ns);
    const manifests = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns, labels: { tier: 'config' } }, data: { a: '1', b: '2' } },
      { apiVersion: 'fidelity.pipeops.io/v1', kind: 'Widget', metadata: { name: 'gear', namespace: ns }, spec: { size: 3 } },
    ];
    const applied = await stack.direct(['apply', '-f', '-'], { input: manifests.map((m) => JSON.stringify(m)).join('\n') });
    expect(applied.code, applied.stderr).to.equal(0);
  });

  after(async function () {
    await stack?.direct(['delete', 'namespace', ns, '--wait=false']);
    await stack?.close();
  });

  /** Runs args both ways; `twin` gives each its own object name (tunnel `-t`, direct `-d`), normalised back. */
  async function both(args: string[] | ((side: Side) => string[]), input?: string): Promise<[KubectlResult, KubectlResult]> {
    const argv = (side: Side): string[] => (typeof args === 'function' ? args(side) : args);
    const opts = input === undefined ? {} : { input };
    const [t, d] = await Promise.all([
      stack.kubectl.run(['-n', ns, ...argv('tnl')], { kubeconfig: agent.kubeconfig, ...opts }),
      stack.kubectl.run(['-n', ns, ...argv('drc')], { kubeconfig: direct, ...opts }),
    ]);
    return [t, d];
  }

  function expectSame([t, d]: [KubectlResult, KubectlResult], what: string): void {
    const clean = (r: KubectlResult, side: Side): object => {
      const text = (x: string): string => normalise(x.replaceAll(`-${side}`, '-<side>'));
      return { code: r.code, stdout: text(r.stdout), stderr: text(r.stderr) };
    };
    expect(clean(t, 'tnl'), what).to.deep.equal(clean(d, 'drc'));
  }

  const reads: [string, string[]][] = [
    ['get configmap (table)', ['get', 'configmap', 'settings']],
    ['get configmap -o wide', ['get', 'configmap', 'settings', '-o', 'wide']],
    ['get configmap -o json', ['get', 'configmap', 'settings', '-o', 'json']],
    ['get configmap -o yaml', ['get', 'configmap', 'settings', '-o', 'yaml']],
    ['get configmaps -o name', ['get', 'configmaps', '-o', 'name']],
    ['get configmap custom-columns', ['get', 'configmap', 'settings', '-o', 'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier']],
    ['get configmap jsonpath', ['get', 'configmap', 'settings', '-o', 'jsonpath={.data.a}{.data.b}']],
    ['get deployment (table)', ['get', 'deployment', 'web']],
    ['get deployment -o wide', ['get', 'deployment', 'web', '-o', 'wide']],
    ['get deployment -o yaml', ['get', 'deployment', 'web', '-o', 'yaml']],
    ['get pods -o wide', ['get', 'pods', '-o', 'wide']],
    ['get nodes', ['get', 'nodes']],
    ['get widget (CRD, printer columns)', ['get', 'widget', 'gear']],
    ['get widget -o json', ['get', 'widget', 'gear', '-o', 'json']],
    ['get widget jsonpath', ['get', 'widget', 'gear', '-o', 'jsonpath={.spec.size}']],
    ['get all', ['get', 'all']],
    ['api-resources', ['api-resources']],
    ['explain', ['explain', 'deployment.spec.replicas']],
    ['auth whoami', ['auth', 'whoami']],
    ['auth can-i --list', ['auth', 'can-i', '--list']],
    ['get --raw /version', ['get', '--raw', '/version']],
    ['get --raw /apis', ['get', '--raw', '/apis']],
    ['get --raw /openapi/v3', ['get', '--raw', '/openapi/v3']],
    ['rollout status', ['rollout', 'status', 'deployment/web', '--timeout=60s']],
    ['logs --tail', ['logs', 'deployment/web', '--tail=1']],
    ['logs --timestamps', ['logs', 'deployment/web', '--timestamps', '--tail=2']],
    ['logs --previous', ['logs', 'deployment/web', '--previous']],
    ['404: get a missing object', ['get', 'configmap', 'no-such-thing']],
    ['422: an invalid object', ['create', 'configmap', 'Not_A_Valid_Name']],
    ['409: create what exists', ['create', 'configmap', 'settings']],
  ];
  for (const [what, args] of reads) {
    it(what, async function () {
      expectSame(await both(args), what);
    });
  }

  it('apply (client-side and server-side), patch, label, annotate, replace, diff and delete of twin objects', async function () {
    const cm = (side: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `twin-${side}` }, data: { k: 'v' } });
    const steps: [string, (s: Side) => string[], ((s: Side) => string)?][] = [
      ['apply', () => ['apply', '-f', '-'], cm],
      ['apply --server-side', () => ['apply', '--server-side', '-f', '-'], (s) => cm(s).replace('"v"', '"w"')],
      ['patch strategic', (s) => ['patch', 'configmap', `twin-${s}`, '-p', '{"data":{"s":"1"}}']],
      ['patch merge', (s) => ['patch', 'configmap', `twin-${s}`, '--type=merge', '-p', '{"data":{"m":"1"}}']],
      ['patch json', (s) => ['patch', 'configmap', `twin-${s}`, '--type=json', '-p', '[{"op":"add","path":"/data/j","value":"1"}]']],
      ['label', (s) => ['label', 'configmap', `twin-${s}`, 'fidelity=yes']],
      ['annotate', (s) => ['annotate', 'configmap', `twin-${s}`, 'note=hi']],
      ['diff', () => ['diff', '-f', '-'], (s) => cm(s).replace('"v"', '"changed"')],
      ['replace', () => ['replace', '-f', '-'], (s) => cm(s).replace('"v"', '"r"')],
      ['get -o yaml after', (s) => ['get', 'configmap', `twin-${s}`, '-o', 'yaml']],
      ['delete --wait', (s) => ['delete', 'configmap', `twin-${s}`, '--wait']],
    ];
    for (const [what, args, input] of steps) {
      const [t, d] = await Promise.all([
        stack.kubectl.run(['-n', ns, ...args('tnl')], { kubeconfig: agent.kubeconfig, ...(input ? { input: input('tnl') } : {}) }),
        stack.kubectl.run(['-n', ns, ...args('drc')], { kubeconfig: direct, ...(input ? { input: input('drc') } : {}) }),
      ]);
      // diff prints the temp file paths it compared; they differ by run.
      const scrub = (r: KubectlResult): KubectlResult => ({ ...r, stdout: r.stdout.replace(/\/tmp\/[^\s]+/g, '<tmp>').replace(/\t\d{4}-\d\d-\d\d [\d:.]+ [+-]\d{4}/g, '\t<time>') });
      expectSame([scrub(t), scrub(d)], what);
    }
  });

  it('get -w keeps its table, and --output-watch-events its event column, as directly', async function () {
    for (const extra of [[], ['--output-watch-events']]) {
      const watches = [agent.kubeconfig, direct].map((kc) => new KubectlWatch(stack.kubectl.spawn(['-n', ns, 'get', 'configmaps', '-l', 'watched=yes', '-w', ...extra], kc)));
      try {
        const name = `watched-${extra.length}`;
        await stack.direct(['-n', ns, 'create', 'configmap', name, '--from-literal=a=1']);
        await stack.direct(['-n', ns, 'label', 'configmap', name, 'watched=yes']);
        await Promise.all(watches.map((w) => w.waitForLine(new RegExp(`\\b${name}\\b`))));
        await stack.direct(['-n', ns, 'patch', 'configmap', name, '--type=merge', '-p', '{"data":{"b":"2"}}']);
        await Promise.all(watches.map((w) => w.waitForLine(new RegExp(`\\b${name}\\s+2\\b`))));
        const [t, d] = watches.map((w) => normalise(w.lines.join('\n')));
        expect(t).to.equal(d);
        expect(t).to.match(/^(EVENT\s+)?NAME\s+DATA\s+AGE/);
      } finally {
        for (const w of watches) w.child.kill('SIGKILL');
      }
    }
  });

  it('wait --for=delete and --for=jsonpath end when the object does, as directly', async function () {
    await both((s) => ['create', 'configmap', `gone-${s}`, '--from-literal=a=1']);
    const jsonpath = both((s) => ['wait', `configmap/gone-${s}`, '--for=jsonpath={.data.a}=2', '--timeout=60s']);
    await both((s) => ['patch', `configmap/gone-${s}`, '--type=merge', '-p', '{"data":{"a":"2"}}']);
    expectSame(await jsonpath, 'wait --for=jsonpath');
    const deleted = both((s) => ['wait', `configmap/gone-${s}`, '--for=delete', '--timeout=60s']);
    await both((s) => ['delete', `configmap/gone-${s}`, '--wait=false']);
    expectSame(await deleted, 'wait --for=delete');
  });

  it('scale shows the pods appearing, rollout restart and undo finish, as directly', async function () {
    await Promise.all(SIDES.map((s) => kube.runDeployment(`roll-${s}`, 1, ns)));
    expectSame(await both((s) => ['scale', `deployment/roll-${s}`, '--replicas=3']), 'scale');
    const [st, sd] = await both((s) => ['rollout', 'status', `deployment/roll-${s}`, '--timeout=60s']);
    const last = (r: KubectlResult): KubectlResult => ({ ...r, stdout: r.stdout.trim().split('\n').at(-1) ?? '' });
    expectSame([last(st), last(sd)], 'rollout status after scale');
    const [t, d] = await both((s) => ['get', 'pods', '-l', `app=roll-${s}`, '-o', 'name']);
    expect(t.stdout.trim().split('\n')).to.have.length(3);
    expect(d.stdout.trim().split('\n')).to.have.length(3);
    expectSame(await both((s) => ['rollout', 'restart', `deployment/roll-${s}`]), 'rollout restart');
    // How many "Waiting for..." lines come first depends on timing; the verdict does not.
    const [rt, rd] = await both((s) => ['rollout', 'status', `deployment/roll-${s}`, '--timeout=60s']);
    const verdict = (r: KubectlResult): KubectlResult => ({ ...r, stdout: r.stdout.trim().split('\n').at(-1) ?? '' });
    expectSame([verdict(rt), verdict(rd)], 'rollout status after restart');
    expectSame(await both((s) => ['rollout', 'undo', `deployment/roll-${s}`]), 'rollout undo');
    expectSame(await both((s) => ['delete', `deployment/roll-${s}`, '--cascade=foreground']), 'delete --cascade=foreground');
  });

  it('lists 2,000 objects in chunks, as directly', async function () {
    const bulk = 'pipeops-fidelity-bulk';
    await kube.adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: bulk } });
    const names = Array.from({ length: 2000 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(names.slice(i, i + 50).map((name) => kube.adminRequest('POST', `/api/v1/namespaces/${bulk}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } })));
    }
    const [t, d] = await Promise.all([agent.kubeconfig, direct].map((kc) => stack.kubectl.run(['-n', bulk, 'get', 'configmaps', '--chunk-size=500', '-o', 'name'], { kubeconfig: kc })));
    expectSame([t, d], 'get --chunk-size=500');
    expect(t.stdout.trim().split('\n').filter((l) => l.startsWith('configmap/bulk-'))).to.have.length(2000);
    await stack.direct(['delete', 'namespace', bulk, '--wait=false']);
  });

  it('delete namespace finishes, as directly', async function () {
    await Promise.all(SIDES.map((s) => stack.direct(['create', 'namespace', `fidelity-ns-${s}`])));
    await Promise.all(SIDES.map((s) => stack.direct(['-n', `fidelity-ns-${s}`, 'create', 'configmap', 'inside'])));
    expectSame(await both((s) => ['delete', 'namespace', `fidelity-ns-${s}`, '--wait', '--timeout=90s']), 'delete namespace');
  });

  it('403: a request the service account may not make, printed as directly', async function () {
    const narrow = await stack.startAgent('fidelity-narrow', kube.narrowSaDir);
    const narrowDirect = join(stack.dir, 'narrow-token.kubeconfig');
    writeFileSync(narrowDirect, JSON.stringify({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: kube.server, 'certificate-authority': kube.caFile } }],
      users: [{ name: 'narrow', user: { token: kube.token(kube.narrowSaDir) } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'narrow', namespace: kube.namespace } }],
      'current-context': 'c',
    }));
    const [t, d] = await Promise.all([narrow.kubeconfig, narrowDirect].map((kc) => stack.kubectl.run(['get', 'secrets'], { kubeconfig: kc })));
    expect(d?.stderr).to.match(/Forbidden/);
    expectSame([t, d], 'get secrets as the narrow account');
  });
});
