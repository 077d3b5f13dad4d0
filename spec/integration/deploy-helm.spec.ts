// charts/pipeops-agent rendered by a real helm (built from the Go module proxy
// on first use, see spec/support/deploy/helm.ts): the same pod rules as the
// plain manifests, every value reaching its place, and bad values refused.
// deploy-manifests.spec.ts applies the rendered chart to the API server.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConfig } from '../../lib/config/load.ts';
import { PROJECT_ROOT } from '../support/deploy/dockerfile.ts';
import { RENDER_KUBE_VERSION, helmTemplate, locateHelm } from '../support/deploy/helm.ts';
import {
  allows,
  expectAgentDeployment,
  findObject,
  parseManifests,
  readManifests,
  type AgentDeployment,
  type KubeObject,
  type PolicyRule,
} from '../support/deploy/manifests.ts';

const CHART = join(PROJECT_ROOT, 'charts/pipeops-agent');

interface Role extends KubeObject {
  rules: PolicyRule[];
}
type ConfigMap = KubeObject & { data: Record<string, string> };

async function render(args: string[]): Promise<KubeObject[]> {
  const result = await helmTemplate(CHART, args);
  expect(result.code, result.stderr).to.equal(0);
  return parseManifests(result.stdout, 'helm template');
}

describe('charts/pipeops-agent rendered by helm', function () {
  // A cold helm build from the Go module proxy takes minutes; a warm cache, none.
  this.timeout(900_000);

  before(async () => {
    await locateHelm();
  });

  it('renders with helm template alone, without --kube-version', async () => {
    const { execFile } = await import('node:child_process');
    const helm = await locateHelm();
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(helm, ['template', 'pipeops-agent', CHART, '--set', 'existingSecret=t'], (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, out: `${stdout}${stderr}` }));
    });
    expect(result.code, result.out).to.equal(0);
    expect(result.out).to.include('kind: Deployment');
  });

  it('passes helm lint --strict', async () => {
    const { execFile } = await import('node:child_process');
    const helm = await locateHelm();
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(helm, ['lint', '--strict', CHART, '--set', 'existingSecret=t', '--kube-version', RENDER_KUBE_VERSION], (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, out: `${stdout}${stderr}` }));
    });
    expect(result.code, result.out).to.equal(0);
    expect(result.out).to.include('0 chart(s) failed');
  });

  describe('with defaults and an existing Secret', () => {
    let objects: KubeObject[];
    before(async () => {
      objects = await render(['pipeops-agent', '-n', 'pipeops-system', '--set', 'existingSecret=my-token']);
    });

    it('renders the same kinds as examples/kubernetes, minus the Namespace helm manages', () => {
      const kinds = objects.map((o) => o.kind).sort();
      expect(kinds).to.deep.equal(
        ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'ServiceAccount'],
      );
      expect(objects.filter((o) => o.kind === 'Secret')).to.deep.equal([]);
    });

    it('follows the rules for every agent deployment', () => {
      const deployment = findObject<AgentDeployment>(objects, 'Deployment');
      expectAgentDeployment(deployment);
      const volume = deployment.spec.template.spec.volumes?.find((v) => v.secret);
      expect(volume?.secret?.secretName).to.equal('my-token');
    });

    it('renders a PodDisruptionBudget over the Deployment\'s pods: one replica always up', () => {
      type Pdb = KubeObject & { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } };
      const plain = findObject<Pdb>(readManifests(join(PROJECT_ROOT, 'examples/kubernetes/poddisruptionbudget.yaml')), 'PodDisruptionBudget');
      const pdb = findObject<Pdb>(objects, 'PodDisruptionBudget');
      expect(pdb.spec.minAvailable).to.equal(plain.spec.minAvailable);
      const deployment = findObject<AgentDeployment & { spec: { selector: { matchLabels: Record<string, string> } } }>(objects, 'Deployment');
      expect(pdb.spec.selector.matchLabels).to.deep.equal(deployment.spec.selector.matchLabels);
    });

    it('names objects as the plain manifests do for the release pipeops-agent', () => {
      const plain = readManifests(join(PROJECT_ROOT, 'examples/kubernetes/deployment.yaml'))
        .concat(readManifests(join(PROJECT_ROOT, 'examples/kubernetes/state-role.yaml')))
        .concat(readManifests(join(PROJECT_ROOT, 'examples/kubernetes/serviceaccount.yaml')))
        .concat(readManifests(join(PROJECT_ROOT, 'examples/kubernetes/rbac-least-privilege.yaml')));
      for (const o of plain) findObject(objects, o.kind, o.metadata.name);
    });

    it('renders the least-privilege rules of examples/kubernetes', () => {
      const example = findObject<Role>(readManifests(join(PROJECT_ROOT, 'examples/kubernetes/rbac-least-privilege.yaml')), 'ClusterRole');
      expect(findObject<Role>(objects, 'ClusterRole').rules).to.deep.equal(example.rules);
    });

    it('writes a config file the agent loads, with the state ConfigMap its Role covers', () => {
      const configMap = findObject<ConfigMap>(objects, 'ConfigMap');
      const dir = mkdtempSync(join(tmpdir(), 'pipeops-chart-config-'));
      try {
        writeFileSync(join(dir, 'token'), 'chart-spec-token');
        writeFileSync(
          join(dir, 'config.yaml'),
          configMap.data['config.yaml'].replace('/var/run/secrets/pipeops/token', join(dir, 'token')),
        );
        const { config } = loadConfig({
          argv: ['config', '--config', join(dir, 'config.yaml')],
          env: { PIPEOPS_AGENT_CLUSTER_NAME: 'c1' },
        });
        expect(config.kubernetes.in_cluster).to.equal(true);
        expect(config.kubernetes.namespace).to.equal('pipeops-system');
        expect(config.agent.state_store).to.equal('configmap');
        expect(config.pipeops.token).to.equal('chart-spec-token');
        const role = findObject<Role>(objects, 'Role');
        expect(allows(role.rules, 'update', '', 'configmaps', config.agent.state_configmap)).to.equal(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('with every value set', () => {
    let objects: KubeObject[];
    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pipeops-chart-values-'));
      try {
        writeFileSync(
          join(dir, 'values.yaml'),
          [
            'image: {repository: registry.example.com/pipeops-agent, tag: "9.9.9", pullPolicy: Always}',
            'token: inline-chart-token',
            'config:',
            '  agent: {cluster_name: prod-eu, labels: {region: eu-west-1}}',
            '  pipeops: {api_url: "https://cp.example.com"}',
            '  proxy: {max_concurrent_streams: 77, rate_limit: {requests_per_second: 5, burst: 10}}',
            '  logging: {level: debug}',
            'rbac: {mode: cluster-admin}',
            'resources: {requests: {cpu: 10m, memory: 64Mi}, limits: {memory: 256Mi}}',
            'nodeSelector: {kubernetes.io/os: linux}',
            'tolerations: [{key: dedicated, operator: Equal, value: pipeops, effect: NoSchedule}]',
            'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [system]}]}]}}}',
            'networkPolicy: {enabled: false}',
          ].join('\n'),
        );
        objects = await render(['agent', '-n', 'ops', '-f', join(dir, 'values.yaml')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('annotates the pod with the token revision, never with anything derived from the token', () => {
      const deployment = findObject<AgentDeployment>(objects, 'Deployment');
      const annotations = (deployment.spec.template as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {};
      expect(annotations['pipeops.io/token-revision']).to.equal('1');
      const text = JSON.stringify(objects.filter((o) => o.kind !== 'Secret'));
      expect(text).not.to.include(createHash('sha256').update('inline-chart-token').digest('hex'));
      expect(text).not.to.include('inline-chart-token');
    });

    it('creates the token Secret from the value', () => {
      const secret = findObject<KubeObject & { data: { token: string } }>(objects, 'Secret');
      expect(Buffer.from(secret.data.token, 'base64').toString()).to.equal('inline-chart-token');
      const deployment = findObject<AgentDeployment>(objects, 'Deployment');
      expect(deployment.spec.template.spec.volumes?.find((v) => v.secret)?.secret?.secretName).to.equal(secret.metadata.name);
    });

    it('grants everything in cluster-admin mode', () => {
      const role = findObject<Role>(objects, 'ClusterRole');
      expect(role.rules).to.deep.include({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] });
    });

    it('puts image, resources and scheduling on the pod', () => {
      const deployment = findObject<AgentDeployment>(objects, 'Deployment');
      expectAgentDeployment(deployment);
      const pod = deployment.spec.template.spec as Record<string, unknown> & typeof deployment.spec.template.spec;
      const container = pod.containers[0] as (typeof pod.containers)[0] & { imagePullPolicy: string };
      expect(container.image).to.equal('registry.example.com/pipeops-agent:9.9.9');
      expect(container.imagePullPolicy).to.equal('Always');
      // Helm merges maps with the defaults: limits.cpu stays unless set to null.
      expect(container.resources).to.deep.equal({
        requests: { cpu: '10m', memory: '64Mi' },
        limits: { cpu: '1', memory: '256Mi' },
      });
      expect(pod.nodeSelector).to.deep.equal({ 'kubernetes.io/os': 'linux' });
      expect(pod.tolerations).to.have.length(1);
      expect(pod.affinity).to.have.key('nodeAffinity');
      expect(deployment.metadata.namespace).to.equal('ops');
    });

    it('puts config values into the config file', () => {
      const config = parse(findObject<ConfigMap>(objects, 'ConfigMap').data['config.yaml']) as {
        agent: { cluster_name: string; labels: Record<string, string> };
        pipeops: { api_url: string };
        proxy: { max_concurrent_streams: number; max_concurrent_requests: number; rate_limit: { burst: number } };
        logging: { level: string };
        kubernetes: { namespace: string };
      };
      expect(config.agent).to.deep.include({ cluster_name: 'prod-eu', labels: { region: 'eu-west-1' } });
      expect(config.pipeops.api_url).to.equal('https://cp.example.com');
      expect(config.proxy.max_concurrent_streams).to.equal(77);
      expect(config.proxy.max_concurrent_requests, 'untouched defaults stay').to.equal(256);
      expect(config.proxy.rate_limit.burst).to.equal(10);
      expect(config.logging.level).to.equal('debug');
      expect(config.kubernetes.namespace).to.equal('ops');
    });

    it('leaves the PodDisruptionBudget out with one replica, where it would block every drain', async () => {
      const single = await render(['pipeops-agent', '-n', 'pipeops-system', '--set', 'existingSecret=t', '--set', 'replicaCount=1']);
      expect(single.filter((o) => o.kind === 'PodDisruptionBudget')).to.deep.equal([]);
      expect(findObject<AgentDeployment>(single, 'Deployment').spec.replicas).to.equal(1);
    });

    it('leaves the NetworkPolicy out when disabled', () => {
      expect(objects.filter((o) => o.kind === 'NetworkPolicy')).to.deep.equal([]);
    });
  });

  describe('refuses', () => {
    it('a release without a token or existing Secret', async () => {
      const result = await helmTemplate(CHART, ['pipeops-agent']);
      expect(result.code).to.not.equal(0);
      expect(result.stderr).to.include('set existingSecret');
    });

    it('a typo in a config key, at install (values.schema.json), instead of a pod that exits 2', async () => {
      const result = await helmTemplate(CHART, ['pipeops-agent', '--set', 'existingSecret=t', '--set', 'config.agent.clustr_name=prod']);
      expect(result.code).to.not.equal(0);
      expect(result.stderr).to.match(/config\/agent.*clustr_name/);
      const badType = await helmTemplate(CHART, ['pipeops-agent', '--set', 'existingSecret=t', '--set', 'config.agent.port=eighty']);
      expect(badType.code).to.not.equal(0);
      expect(badType.stderr).to.include('/config/agent/port');
    });

    it('an unknown rbac.mode', async () => {
      const result = await helmTemplate(CHART, ['pipeops-agent', '--set', 'existingSecret=t', '--set', 'rbac.mode=admin']);
      expect(result.code).to.not.equal(0);
      expect(result.stderr).to.match(/rbac\/mode|rbac.mode/);
    });
  });
});
