// charts/pipeops-agent without helm: metadata in step with the package, values
// valid against the chart's schema, every `config` value a real configuration
// key at the agent's default, and the least-privilege rules identical to the
// plain manifests'. spec/integration/deploy-helm.spec.ts renders the chart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import { parse } from 'yaml';
import { KEY_BY_NAME } from '../../../lib/config/schema.ts';
import { PROJECT_ROOT } from '../../support/deploy/dockerfile.ts';
import { findObject, readManifests, type KubeObject, type PolicyRule } from '../../support/deploy/manifests.ts';

const CHART = join(PROJECT_ROOT, 'charts/pipeops-agent');
/** Keys the chart sets itself; a value for them would be silently overridden. */
const CHART_OWNED = [
  'pipeops.token',
  'pipeops.token_file',
  'kubernetes.in_cluster',
  'kubernetes.namespace',
  'kubernetes.kubeconfig',
  'agent.state_store',
  'agent.state_configmap',
];
/** Values that differ from the agent's default on purpose. */
const CHOSEN = new Set(['pipeops.api_url']);

function leaves(value: unknown, prefix: string[] = []): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  }
  return [[prefix.join('.'), value]];
}

describe('charts/pipeops-agent', () => {
  const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown> & {
    config: Record<string, unknown>;
    rbac: { mode: string };
  };

  it('has the version of the agent it deploys', () => {
    const chart = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')) as { version: string; appVersion: string };
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(chart.appVersion).to.equal(pkg.version);
    expect(chart.version).to.equal(pkg.version);
  });

  describe('values.yaml', () => {
    const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

    it('is valid against values.schema.json', () => {
      expect(validate(values), JSON.stringify(validate.errors)).to.equal(true);
    });

    it('is refused by the schema with an unknown rbac.mode', () => {
      expect(validate({ ...values, rbac: { ...values.rbac, mode: 'admin' } })).to.equal(false);
    });

    it('defaults to least-privilege RBAC and no inline token', () => {
      expect(values.rbac.mode).to.equal('least-privilege');
      expect(values.token).to.equal('');
    });

    it('holds only real configuration keys under config, at the agent defaults', () => {
      for (const [key, value] of leaves(values.config)) {
        const spec = KEY_BY_NAME.get(key);
        expect(spec, `config.${key} is a configuration key`).to.not.equal(undefined);
        if (!CHOSEN.has(key) && spec?.default !== undefined) {
          expect(value, `config.${key}`).to.deep.equal(spec.default);
        }
      }
    });

    it('exposes the proxy limits and the log level', () => {
      const keys = leaves(values.config).map(([k]) => k);
      for (const key of [...KEY_BY_NAME.keys()].filter((k) => k.startsWith('proxy.'))) {
        expect(keys, key).to.include(key);
      }
      expect(keys).to.include.members(['logging.level', 'agent.cluster_name', 'agent.labels', 'pipeops.api_url']);
    });

    it('leaves the keys the chart sets itself out of config', () => {
      const keys = leaves(values.config).map(([k]) => k);
      for (const owned of CHART_OWNED) expect(keys, owned).not.to.include(owned);
    });

    it('has a value for scheduling, resources and the image', () => {
      expect(values).to.include.keys('image', 'existingSecret', 'resources', 'nodeSelector', 'tolerations', 'affinity');
    });
  });

  it('grants the same least-privilege rules as examples/kubernetes', () => {
    const template = readFileSync(join(CHART, 'templates/clusterrole.yaml'), 'utf8');
    const start = template.indexOf('{{- else }}');
    const end = template.indexOf('{{- with .Values.rbac.extraRules }}');
    expect(start).to.be.greaterThan(0);
    expect(end).to.be.greaterThan(start);
    const chartRules = parse(template.slice(start + '{{- else }}'.length, end)) as PolicyRule[];
    const example = findObject<KubeObject & { rules: PolicyRule[] }>(
      readManifests(join(PROJECT_ROOT, 'examples/kubernetes/rbac-least-privilege.yaml')),
      'ClusterRole',
    );
    expect(chartRules).to.deep.equal(example.rules);
  });
});
