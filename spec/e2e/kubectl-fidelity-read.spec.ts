// The fidelity battery, reading: each kubectl command run straight at the API
// server (as the agent's own service account) and through the tunnel gives the
// same exit code and the same output, normalised (spec/support/e2e/normalise.ts).
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import { E2eStack } from '../support/e2e/stack.ts';
import { Fidelity } from '../support/e2e/fidelity.ts';
import { configMap, create, createConfigMaps, createNamespace, deployment, ensureWidgetCrd, widget, WIDGETS, WIDGET_GROUP } from '../support/e2e/fidelity-fixtures.ts';

const NS = 'fid-read';
const BULK = 'fid-bulk';
const BULK_COUNT = 2000;

describe('kubectl fidelity: reading', function () {
  let stack: E2eStack;
  let same: Fidelity;
  let narrow: Fidelity;

  before(async function () {
    this.timeout(180_000);
    stack = await E2eStack.start();
    await Promise.all([
      stack.startAgent('fid-read').then(() => stack.startAgent('fid-read-narrow', kube.narrowSaDir)),
      (async () => {
        await Promise.all([ensureWidgetCrd(), createNamespace(NS), createNamespace(BULK)]);
        await Promise.all([
          create(`/api/v1/namespaces/${NS}/configmaps`, configMap('alpha', { a: '1', b: '2' }, { tier: 'web' })),
          create(`/api/v1/namespaces/${NS}/configmaps`, configMap('beta', { c: '3' }, { tier: 'db' })),
          create(`/apis/apps/v1/namespaces/${NS}/deployments`, deployment('web', 2, { paused: true })),
          create(`/apis/apps/v1/namespaces/${NS}/deployments`, deployment('api', 1, { paused: true })),
          create(`/apis/${WIDGET_GROUP}/v1/namespaces/${NS}/widgets`, widget('small', 1, 'red', { tier: 'web' })),
          create(`/apis/${WIDGET_GROUP}/v1/namespaces/${NS}/widgets`, widget('large', 9, 'blue', { tier: 'db' })),
          createEvents(),
          createConfigMaps(BULK, BULK_COUNT),
        ]);
      })(),
    ]);
    same = new Fidelity(stack);
    narrow = new Fidelity(stack, { saDir: kube.narrowSaDir, agentIndex: 1, name: 'direct-narrow' });
  });

  after(async function () {
    await stack?.close();
  });

  async function createEvents(): Promise<void> {
    const event = (name: string, reason: string, type: string, message: string, time: string): object => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: 'alpha', namespace: NS },
      reason,
      type,
      message,
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      source: { component: 'fidelity' },
    });
    await create(`/api/v1/namespaces/${NS}/events`, event('alpha.one', 'Created', 'Normal', 'made for the battery', '2024-01-01T00:00:00Z'));
    await create(`/api/v1/namespaces/${NS}/events`, event('alpha.two', 'Broken', 'Warning', 'something to warn about', '2024-01-02T00:00:00Z'));
  }

  const formats: [string, string[]][] = [
    ['table', []],
    ['wide', ['-o', 'wide']],
    ['json', ['-o', 'json']],
    ['yaml', ['-o', 'yaml']],
    ['name', ['-o', 'name']],
    ['custom-columns', ['-o', 'custom-columns=NAME:.metadata.name,KIND:.kind,LABELS:.metadata.labels,CREATED:.metadata.creationTimestamp']],
    ['jsonpath', ['-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.uid}{"\\n"}{end}']],
  ];
  for (const [kind, resource] of [['core', 'configmaps'], ['apps', 'deployments.apps'], ['a CRD', WIDGETS]] as const) {
    describe(`get ${resource} (${kind})`, () => {
      for (const [format, flags] of formats) {
        it(`prints the same ${format}`, async () => {
          await same.expectSame(['get', resource, '-n', NS, ...flags]);
        });
      }
      it('prints one object and a label-selected list the same', async () => {
        const one = resource === 'configmaps' ? 'alpha' : resource === WIDGETS ? 'small' : 'web';
        await Promise.all([same.expectSame(['get', resource, one, '-n', NS, '-o', 'yaml']), same.expectSame(['get', resource, '-n', NS, '-l', 'tier!=db', '--show-labels'])]);
      });
    });
  }

  it('get of several kinds at once, and by short name sorted by a field', async () => {
    await Promise.all([same.expectSame(['get', 'configmaps,deployments,widgets', '-n', NS]), same.expectSame(['get', 'wd', '-n', NS, '--sort-by=.spec.size'])]);
  });

  it('lists 2,000 objects in chunks (--chunk-size=100) the same, table and name', async function () {
    this.timeout(120_000);
    const table = await same.expectSame(['get', 'configmaps', '-n', BULK, '--chunk-size=100'], { timeoutMs: 90_000 });
    expect(table.tunnel.stdout.split('\n').filter((l) => l.startsWith('cm-'))).to.have.length(BULK_COUNT);
    await same.expectSame(['get', 'configmaps', '-n', BULK, '--chunk-size=100', '-o', 'name'], { timeoutMs: 90_000 });
  });

  it('events', async () => {
    // Only the battery's own events: a controller manager may add its own to the namespace at any time.
    await Promise.all([
      same.expectSame(['events', '-n', NS, '--for', 'configmap/alpha']),
      same.expectSame(['events', '-n', NS, '--for', 'configmap/alpha', '--types=Warning', '-o', 'yaml']),
    ]);
  });

  it('auth whoami and auth can-i --list', async () => {
    await Promise.all([
      same.expectSame(['auth', 'whoami']),
      same.expectSame(['auth', 'whoami', '-o', 'json']),
      same.expectSame(['auth', 'can-i', '--list', '-n', NS]),
      same.expectSame(['auth', 'can-i', 'create', 'deployments', '-n', NS]),
      narrow.expectSame(['auth', 'can-i', '--list']),
      narrow.expectSame(['auth', 'can-i', 'delete', 'pods'], { code: 1 }),
    ]);
  });

  it('api-resources and api-versions', async () => {
    await Promise.all([
      same.expectSame(['api-resources']),
      same.expectSame(['api-resources', '--namespaced=false', '-o', 'wide']),
      same.expectSame(['api-resources', '--api-group', WIDGET_GROUP]),
      same.expectSame(['api-versions']),
    ]);
  });

  it('explain, from the OpenAPI v3 documents, core and CRD', async () => {
    await Promise.all([
      same.expectSame(['explain', 'deployment.spec.strategy']),
      same.expectSame(['explain', 'configmaps']),
      same.expectSame(['explain', 'widgets.spec', '--recursive']),
    ]);
  });

  it('get --raw: /version, discovery, /openapi/v3', async function () {
    this.timeout(120_000);
    for (const path of ['/version', '/api', '/apis', '/api/v1', '/apis/apps/v1', `/apis/${WIDGET_GROUP}/v1`, '/openapi/v3', '/openapi/v3/apis/apps/v1', '/openapi/v2']) {
      await same.expectSame(['get', '--raw', path]);
    }
  });

  describe('errors printed the same', () => {
    it('404: an object that does not exist, one of several, a kind that does not exist', async () => {
      await Promise.all([
        same.expectSame(['get', 'configmap', 'nope', '-n', NS], { code: 1 }),
        same.expectSame(['get', 'configmap', 'alpha', 'nope', '-n', NS], { code: 1 }),
        same.expectSame(['get', 'nosuchkind'], { code: 1 }),
        same.expectSame(['get', '--raw', '/api/v1/namespaces/fid-missing'], { code: 1 }),
      ]);
    });

    it('403: a service account that may not list ConfigMaps', async () => {
      await Promise.all([
        narrow.expectSame(['get', 'configmaps', '-n', NS], { code: 1 }),
        narrow.expectSame(['get', 'deployments', '-A'], { code: 1 }),
        narrow.expectSame(['create', 'configmap', 'no-rights', '-n', NS], { code: 1 }),
      ]);
    });

    it('409: creating what exists', async () => {
      await same.expectSame(['create', 'configmap', 'alpha', '-n', NS], { code: 1 });
    });

    it('422: an invalid object', async () => {
      await Promise.all([
        same.expectSame(['create', 'configmap', 'Not_A_Name', '-n', NS], { code: 1 }),
        same.expectSame(['create', '-f', '-', '-n', NS], { code: 1, input: JSON.stringify(widget('bad', 1, 'red')).replace('"size":1', '"size":"one"') }),
      ]);
    });
  });
});
