// The fidelity battery, changing the cluster: each command runs straight at the API
// server and through the tunnel at once, on twin objects (`<name>-direct` and
// `<name>-tunnel`), so neither run sees the other's change. The output is compared,
// then the twins' resulting state.
import { E2eStack } from '../support/e2e/stack.ts';
import { Fidelity, twin, type Mode } from '../support/e2e/fidelity.ts';
import { configMap, createNamespace, deployment, ensureWidgetCrd, widget, WIDGET_GROUP } from '../support/e2e/fidelity-fixtures.ts';

const NS = 'fid-write';

describe('kubectl fidelity: changing the cluster', function () {
  let stack: E2eStack;
  let same: Fidelity;

  before(async function () {
    this.timeout(120_000);
    stack = await E2eStack.start();
    await Promise.all([stack.startAgent('fid-write'), ensureWidgetCrd(), createNamespace(NS)]);
    same = new Fidelity(stack);
  });

  after(async function () {
    await stack?.close();
  });

  /** A manifest for each twin, in the battery's namespace. */
  const json = (make: (name: string) => object, base: string) => (mode: Mode): string => {
    const object = make(twin(mode, base)) as { metadata: object };
    return JSON.stringify({ ...object, metadata: { ...object.metadata, namespace: NS } });
  };
  /** The parts of a twin that commands change (its status is the controllers' business, and may be mid-change). */
  const state = (kind: string, base: string) => (mode: Mode): string[] => ['get', kind, twin(mode, base), '-n', NS, '-o', 'jsonpath={.metadata.labels} {.metadata.annotations} {.spec} {.data}'];

  it('apply (client-side): created, configured, unchanged, and the same object', async () => {
    const v1 = json((name) => configMap(name, { a: '1' }), 'csa');
    const v2 = json((name) => configMap(name, { a: '2', b: '3' }, { stage: 'two' }), 'csa');
    await same.expectSame(['apply', '-f', '-'], { input: v1 });
    await same.expectSame(['apply', '-f', '-'], { input: v2 });
    await same.expectSame(['apply', '-f', '-'], { input: v2 });
    await same.expectSame((m) => ['get', 'configmap', twin(m, 'csa'), '-n', NS, '-o', 'yaml']);
  });

  it('apply --server-side: applied, a conflict refused, then forced', async () => {
    const mine = json((name) => deployment(name, 1), 'ssa');
    const theirs = (mode: Mode): string => mine(mode).replace('"replicas":1', '"replicas":4');
    await same.expectSame(['apply', '--server-side', '-f', '-'], { input: mine });
    await same.expectSame(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: theirs, code: 1 });
    await same.expectSame(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], { input: theirs });
    await same.expectSame((m) => ['get', 'deployment', twin(m, 'ssa'), '-n', NS, '-o', 'jsonpath={.spec.replicas} {.metadata.managedFields[?(@.subresource!="status")].manager}']);
  });

  it('diff: the same unified diff, and exit code 1', async () => {
    await same.expectSame(['apply', '-f', '-'], { input: json((name) => configMap(name, { a: '1' }), 'diff') });
    await same.expectSame(['diff', '-f', '-'], { input: json((name) => configMap(name, { a: '2' }, { new: 'label' }), 'diff'), code: 1 });
  });

  it('patch: strategic, merge and json, and the same objects after', async () => {
    await Promise.all([
      same.expectSame(['create', '-f', '-'], { input: json((name) => deployment(name, 1), 'patched') }),
      same.expectSame(['create', '-f', '-'], { input: json((name) => configMap(name, { a: '1' }), 'patched') }),
      same.expectSame(['create', '-f', '-'], { input: json((name) => widget(name, 1, 'red'), 'patched') }),
    ]);
    await same.expectSame((m) => ['patch', 'deployment', twin(m, 'patched'), '-n', NS, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:2"},{"name":"side","image":"busybox"}]}}}}']);
    await same.expectSame((m) => ['patch', 'configmap', twin(m, 'patched'), '-n', NS, '--type=merge', '-p', '{"data":{"a":null,"b":"2"}}']);
    await same.expectSame((m) => ['patch', `widgets.${WIDGET_GROUP}`, twin(m, 'patched'), '-n', NS, '--type=json', '-p', '[{"op":"replace","path":"/spec/size","value":5},{"op":"add","path":"/spec/color","value":"green"}]']);
    await same.expectSame((m) => ['patch', 'configmap', twin(m, 'patched'), '-n', NS, '--type=json', '-p', '[{"op":"test","path":"/data/b","value":"wrong"}]'], { code: 1 });
    await Promise.all([same.expectSame(state('deployment', 'patched')), same.expectSame(state('configmap', 'patched')), same.expectSame(state('widget', 'patched'))]);
  });

  it('replace, label and annotate, and the same object after', async () => {
    await same.expectSame(['create', '-f', '-'], { input: json((name) => configMap(name, { a: '1' }), 'meta') });
    await same.expectSame(['replace', '-f', '-'], { input: json((name) => configMap(name, { a: 'replaced' }), 'meta') });
    await same.expectSame((m) => ['label', 'configmap', twin(m, 'meta'), '-n', NS, 'tier=web', 'team=core']);
    await same.expectSame((m) => ['label', 'configmap', twin(m, 'meta'), '-n', NS, 'tier=db'], { code: 1 });
    await same.expectSame((m) => ['label', 'configmap', twin(m, 'meta'), '-n', NS, 'tier=db', '--overwrite', 'team-']);
    await same.expectSame((m) => ['annotate', 'configmap', twin(m, 'meta'), '-n', NS, 'note=hello', 'owner=fidelity']);
    await same.expectSame((m) => ['annotate', 'configmap', twin(m, 'meta'), '-n', NS, 'owner-']);
    await same.expectSame(state('configmap', 'meta'));
    await same.expectSame(['replace', '-f', '-'], { input: json((name) => configMap(name, { a: 'x' }), 'never-made'), code: 1 });
  });

  it('scale: the same message and the same replicas', async () => {
    await same.expectSame(['create', '-f', '-'], { input: json((name) => deployment(name, 1), 'scaled') });
    await same.expectSame((m) => ['scale', 'deployment', twin(m, 'scaled'), '-n', NS, '--replicas=3']);
    await same.expectSame((m) => ['scale', 'deployment', twin(m, 'scaled'), '-n', NS, '--replicas=2', '--current-replicas=5'], { code: 1 });
    await same.expectSame((m) => ['get', 'deployment', twin(m, 'scaled'), '-n', NS, '-o', 'jsonpath={.spec.replicas}']);
  });

  it('delete --wait: by name, by label, and what is already gone', async () => {
    await Promise.all([
      same.expectSame(['create', '-f', '-'], { input: json((name) => configMap(name, { a: '1' }), 'del') }),
      same.expectSame(['create', '-f', '-'], { input: json((name) => widget(name, 1, 'red', { del: 'yes' }), 'del') }),
    ]);
    await same.expectSame((m) => ['delete', 'configmap', twin(m, 'del'), '-n', NS, '--wait']);
    await same.expectSame((m) => ['delete', 'widgets', '-n', NS, '-l', 'del=yes', '--field-selector', `metadata.name=${twin(m, 'del')}`, '--wait']);
    await same.expectSame((m) => ['delete', 'configmap', twin(m, 'del'), '-n', NS, '--wait'], { code: 1 });
  });

  it('create: the same object made from flags', async () => {
    await same.expectSame((m) => ['create', 'configmap', twin(m, 'flags'), '-n', NS, '--from-literal=k=v', '--from-literal=x=y']);
    await same.expectSame((m) => ['create', 'deployment', twin(m, 'flags'), '-n', NS, '--image=nginx', '--replicas=2', '--port=80']);
    await Promise.all([same.expectSame(state('configmap', 'flags')), same.expectSame(state('deployment', 'flags'))]);
  });
});
