// The fidelity battery, watching: `get -w` (table and --output-watch-events) and
// `wait` (condition, delete, jsonpath) started straight at the API server and
// through the tunnel at once; the change is made once both are watching (the API
// server's own count of open watches says so), and their lines are compared.
import { expect } from 'chai';
import { kube } from '../../testkit/kube/harness.ts';
import { E2eStack } from '../support/e2e/stack.ts';
import { expectSameResults, Fidelity, type Mode } from '../support/e2e/fidelity.ts';
import { normalise } from '../support/e2e/normalise.ts';
import { openWatches } from '../support/api-metrics.ts';
import { eventually } from '../../testkit/eventually.ts';
import { collect, type KubectlResult } from '../../testkit/kubectl.ts';
import type { KubectlWatch } from '../support/e2e/watch.ts';
import { configMap, create, createNamespace, deployment, ensureWidgetCrd, widget, WIDGET_GROUP } from '../support/e2e/fidelity-fixtures.ts';

const NS = 'fid-watch';
const cms = `/api/v1/namespaces/${NS}/configmaps`;
const merge = { 'content-type': 'application/merge-patch+json' };

describe('kubectl fidelity: watching', function () {
  let stack: E2eStack;
  let same: Fidelity;
  const running: KubectlWatch[] = [];

  before(async function () {
    this.timeout(120_000);
    stack = await E2eStack.start();
    await Promise.all([stack.startAgent('fid-watch'), ensureWidgetCrd(), createNamespace(NS)]);
    same = new Fidelity(stack);
  });

  afterEach(async function () {
    await Promise.all(running.splice(0).map((w) => w.stop()));
  });

  after(async function () {
    await stack?.close();
  });

  function start(args: string[]): Record<Mode, KubectlWatch> {
    const pair = same.spawn(args);
    running.push(pair.direct, pair.tunnel);
    return pair;
  }

  async function admin(method: string, path: string, body?: object, headers?: Record<string, string>): Promise<void> {
    const res = await kube.adminRequest(method, path, body, headers);
    expect(res.status, res.text).to.be.within(200, 299);
  }

  /** Both watches have printed `count` lines; returns them normalised and checks they are the same. */
  async function sameLines(pair: Record<Mode, KubectlWatch>, count: number): Promise<string[]> {
    const [direct, tunnel] = await Promise.all([pair.direct.waitForLines(count), pair.tunnel.waitForLines(count)]);
    expect(tunnel.map(normalise), `tunnel lines vs direct; tunnel stderr: ${pair.tunnel.stderr}`).to.deep.equal(direct.map(normalise));
    return direct.map(normalise);
  }

  describe('get -w', () => {
    it('prints the same table rows for ConfigMaps, DATA column included, as they are added, changed and deleted', async () => {
      await create(cms, configMap('t-first', { a: '1' }, { watch: 'table' }));
      const pair = start(['get', 'configmaps', '-n', NS, '-l', 'watch=table', '-w']);
      await sameLines(pair, 2);
      await admin('POST', cms, configMap('t-second', { a: '1' }, { watch: 'table' }));
      await sameLines(pair, 3);
      await admin('PATCH', `${cms}/t-second`, { data: { b: '2' } }, merge);
      await sameLines(pair, 4);
      await admin('DELETE', `${cms}/t-second`);
      const lines = await sameLines(pair, 5);
      expect(lines).to.deep.equal(['NAME  DATA  AGE', 't-first  1  <age>', 't-second  1  <age>', 't-second  2  <age>', 't-second  2  <age>']);
      expect([pair.direct.stderr, pair.tunnel.stderr]).to.deep.equal(['', '']);
    });

    it('prints the same READY, UP-TO-DATE and AVAILABLE columns for Deployments', async () => {
      const deployments = `/apis/apps/v1/namespaces/${NS}/deployments`;
      // Both watching before the Deployment exists, so both print the same events from its ADDED on: a kubectl that
      // listed later would print a later state first (the controllers make it available within moments).
      const baseline = await openWatches('deployments', 'namespace');
      const pair = start(['get', 'deployments', '-n', NS, '-w']);
      await eventually(async () => (await openWatches('deployments', 'namespace')) >= baseline + 2, 60_000, 'both kubectl get -w to watch');
      await admin('POST', deployments, deployment('w-web', 1));
      const [header] = await sameLines(pair, 2);
      expect(header).to.equal('NAME  READY  UP-TO-DATE  AVAILABLE  AGE');
      await admin('PATCH', `${deployments}/w-web`, { metadata: { labels: { changed: 'yes' } } }, merge);
      await sameLines(pair, 3);
    });

    it('prints the same --output-watch-events lines for a CRD', async () => {
      const widgets = `/apis/${WIDGET_GROUP}/v1/namespaces/${NS}/widgets`;
      await create(widgets, widget('e-first', 1, 'red', { watch: 'events' }));
      const pair = start(['get', 'widgets', '-n', NS, '-l', 'watch=events', '-w', '--output-watch-events']);
      await sameLines(pair, 2);
      await admin('PATCH', `${widgets}/e-first`, { spec: { size: 2 } }, merge);
      await sameLines(pair, 3);
      await admin('DELETE', `${widgets}/e-first`);
      const lines = await sameLines(pair, 4);
      expect(lines).to.deep.equal(['EVENT  NAME  SIZE  AGE', 'ADDED  e-first  1  <age>', 'MODIFIED  e-first  2  <age>', 'DELETED  e-first  2  <age>']);
    });
  });

  describe('wait', () => {
    /**
     * Starts `kubectl wait` both ways, makes the change once both are watching, and compares how they ended. kubectl
     * says when its watch is answered (-v=6 logs each response); those log lines differ between the two runs (URLs,
     * milliseconds) and are left out of the comparison, everything else kubectl prints is compared.
     */
    async function sameWait(args: string[], change: () => Promise<void>): Promise<string> {
      const argv = ['wait', ...args, '-n', NS, '--timeout=60s', '-v=6'];
      const run = (mode: Mode) => {
        const child = stack.kubectl.spawn(argv, same.kubeconfigs[mode]);
        const watching = new Promise<void>((resolve) => {
          let seen = '';
          child.stderr?.on('data', (part: Buffer) => {
            seen += part.toString('utf8');
            if (/"Response" verb="GET" url="[^"]*watch=true[^"]*" status="200 OK"/.test(seen)) resolve();
          });
        });
        return { watching, ended: collect(child, 90_000, `kubectl ${argv.join(' ')}`) };
      };
      const direct = run('direct');
      const tunnel = run('tunnel');
      await Promise.race([Promise.all([direct.watching, tunnel.watching]), Promise.all([direct.ended, tunnel.ended])]);
      await change();
      const withoutLog = (r: KubectlResult): KubectlResult => ({ ...r, stderr: r.stderr.split('\n').filter((l) => !/^I\d{4} /.test(l)).join('\n') });
      const [d, t] = await Promise.all([direct.ended, tunnel.ended]);
      expectSameResults({ direct: withoutLog(d), tunnel: withoutLog(t) }, 0, argv.join(' '));
      return normalise(d.stdout);
    }

    it('--for=condition: ends the same when the condition turns true', async () => {
      const widgets = `/apis/${WIDGET_GROUP}/v1/namespaces/${NS}/widgets`;
      await create(widgets, widget('cond', 1, 'red'));
      const out = await sameWait(['--for=condition=Ready', 'widget/cond'], () =>
        admin('PATCH', `${widgets}/cond/status`, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, merge),
      );
      expect(out).to.equal('widget.fidelity.pipeops.io/cond condition met\n');
    });

    it('--for=delete: ends the same when the object is deleted', async () => {
      await create(cms, configMap('gone', { a: '1' }));
      const out = await sameWait(['--for=delete', 'configmap/gone'], () => admin('DELETE', `${cms}/gone`));
      expect(out).to.equal('configmap/gone condition met\n');
    });

    it('--for=jsonpath: ends the same when the field takes the value', async () => {
      await create(cms, configMap('jp', { v: '1' }));
      const out = await sameWait(['--for=jsonpath={.data.v}=2', 'configmap/jp'], () => admin('PATCH', `${cms}/jp`, { data: { v: '2' } }, merge));
      expect(out).to.equal('configmap/jp condition met\n');
    });
  });
});
