// examples/kubernetes: the objects, their wiring (names, mounts, config), the
// pod's security settings, and what each RBAC flavour allows. The integration
// spec deploy-manifests.spec.ts applies them to a real API server.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConfig } from '../../../lib/config/load.ts';
import { PROJECT_ROOT } from '../../support/deploy/dockerfile.ts';
import {
  allows,
  expectAgentDeployment,
  findObject,
  readManifests,
  type AgentDeployment,
  type KubeObject,
  type PolicyRule,
} from '../../support/deploy/manifests.ts';

const DIR = join(PROJECT_ROOT, 'examples/kubernetes');
const NAMESPACE = 'pipeops-system';
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

interface Role extends KubeObject {
  rules: PolicyRule[];
}
interface Binding extends KubeObject {
  roleRef: { kind: string; name: string };
  subjects: Array<{ kind: string; name: string; namespace: string }>;
}

describe('examples/kubernetes', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
  const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  const objects = kustomization.resources.flatMap((f) => readManifests(join(DIR, f)));
  const leastPrivilege = findObject<Role>(readManifests(join(DIR, 'rbac-least-privilege.yaml')), 'ClusterRole');
  const clusterAdmin = findObject<Role>(readManifests(join(DIR, 'rbac-cluster-admin.yaml')), 'ClusterRole');
  const deployment = findObject<AgentDeployment>(objects, 'Deployment', 'pipeops-agent');

  describe('kustomization.yaml', () => {
    it('applies every manifest except the token placeholder and the opt-in broad role', () => {
      const expected = files.filter(
        (f) => !['kustomization.yaml', 'secret.example.yaml', 'rbac-cluster-admin.yaml'].includes(f),
      );
      expect([...kustomization.resources].sort()).to.deep.equal(expected.sort());
    });
  });

  it('puts every namespaced object in pipeops-system', () => {
    for (const o of objects) {
      if (CLUSTER_SCOPED.has(o.kind)) expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).to.equal(undefined);
      else expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).to.equal(NAMESPACE);
    }
    expect(findObject(objects, 'Namespace').metadata.name).to.equal(NAMESPACE);
  });

  it('binds every role to the pipeops-agent ServiceAccount the Deployment runs as', () => {
    findObject(objects, 'ServiceAccount', 'pipeops-agent');
    expect(deployment.spec.template.spec.serviceAccountName).to.equal('pipeops-agent');
    const bindings = objects.filter((o): o is Binding => o.kind.endsWith('Binding'));
    expect(bindings.map((b) => b.kind).sort()).to.deep.equal(['ClusterRoleBinding', 'RoleBinding']);
    for (const binding of bindings) {
      expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: 'pipeops-agent', namespace: NAMESPACE }]);
      findObject(objects, binding.roleRef.kind, binding.roleRef.name);
    }
  });

  describe('rbac-least-privilege.yaml', () => {
    const rules = leastPrivilege.rules;
    const granted: Array<[string, string, string]> = [
      ['list', '', 'nodes'],
      ['watch', '', 'namespaces'],
      ['list', '', 'pods'],
      ['watch', '', 'pods'],
      ['get', '', 'pods/log'],
      ['delete', '', 'pods'],
      ['list', '', 'events'],
      ['create', '', 'secrets'],
      ['patch', '', 'configmaps'],
      ['create', 'apps', 'deployments'],
      ['patch', 'apps', 'deployments'],
      ['delete', 'apps', 'statefulsets'],
      ['update', 'apps', 'deployments/scale'],
      ['list', 'apps', 'replicasets'],
      ['create', 'batch', 'jobs'],
      ['create', 'networking.k8s.io', 'ingresses'],
      ['create', 'autoscaling', 'horizontalpodautoscalers'],
    ];
    for (const [verb, group, resource] of granted) {
      it(`allows ${verb} ${group || 'core'}/${resource}`, () => {
        expect(allows(rules, verb, group, resource)).to.equal(true);
      });
    }
    const refused: Array<[string, string, string]> = [
      ['create', 'rbac.authorization.k8s.io', 'clusterrolebindings'],
      ['create', 'rbac.authorization.k8s.io', 'roles'],
      ['escalate', 'rbac.authorization.k8s.io', 'clusterroles'],
      ['create', '', 'pods/exec'],
      ['create', '', 'pods/portforward'],
      ['impersonate', '', 'users'],
      ['impersonate', '', 'serviceaccounts'],
      ['create', '', 'serviceaccounts/token'],
      ['delete', '', 'namespaces'],
      ['patch', '', 'nodes'],
      ['create', 'apiextensions.k8s.io', 'customresourcedefinitions'],
      ['create', 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations'],
    ];
    for (const [verb, group, resource] of refused) {
      it(`refuses ${verb} ${group || 'core'}/${resource}`, () => {
        expect(allows(rules, verb, group, resource)).to.equal(false);
      });
    }

    it('uses no wildcard', () => {
      const all = rules.flatMap((r) => [...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs, ...(r.nonResourceURLs ?? [])]);
      expect(all.filter((x) => x.includes('*'))).to.deep.equal([]);
    });

    it('explains what breaks without each rule', () => {
      const text = readFileSync(join(DIR, 'rbac-least-privilege.yaml'), 'utf8');
      const ruleStarts = text.split('\n').filter((l) => /^ {2}- (apiGroups|nonResourceURLs):/.test(l)).length;
      const explained = (text.match(/Without it:/g) ?? []).length;
      // Consecutive rules may share one explanation; most carry their own.
      expect(ruleStarts).to.equal(rules.length);
      expect(explained).to.be.at.least(rules.length - 3);
    });
  });

  describe('rbac-cluster-admin.yaml', () => {
    it("is the reference design's */*/* role under the same name, so it replaces the default", () => {
      expect(clusterAdmin.metadata.name).to.equal(leastPrivilege.metadata.name);
      expect(clusterAdmin.rules).to.deep.include({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] });
      expect(allows(clusterAdmin.rules, 'create', 'rbac.authorization.k8s.io', 'clusterrolebindings')).to.equal(true);
    });
  });

  describe('state-role.yaml', () => {
    const role = findObject<Role>(objects, 'Role', 'pipeops-agent-state');
    it('lets the agent read, create and update its identity ConfigMap', () => {
      for (const verb of ['get', 'create', 'update']) {
        expect(allows(role.rules, verb, '', 'configmaps', 'pipeops-agent-state'), verb).to.equal(true);
      }
    });
    it('does not let it read or change other ConfigMaps', () => {
      expect(allows(role.rules, 'get', '', 'configmaps', 'other')).to.equal(false);
      expect(allows(role.rules, 'update', '', 'configmaps', 'other')).to.equal(false);
      expect(allows(role.rules, 'list', '', 'configmaps')).to.equal(false);
    });
  });

  describe('secret.example.yaml', () => {
    it('holds a placeholder under the key the Deployment mounts', () => {
      const secret = findObject<KubeObject & { stringData: { token: string } }>(
        readManifests(join(DIR, 'secret.example.yaml')),
        'Secret',
      );
      expect(secret.stringData.token).to.match(/^REPLACE_WITH_/);
      const volume = deployment.spec.template.spec.volumes?.find((v) => v.secret);
      expect(volume?.secret?.secretName).to.equal(secret.metadata.name);
    });
  });

  describe('deployment.yaml', () => {
    it('follows the rules for every agent deployment', () => {
      expectAgentDeployment(deployment);
    });

    it('keeps identity in the ConfigMap store, since the root filesystem is read-only', () => {
      const env = deployment.spec.template.spec.containers[0].env ?? [];
      expect(env).to.deep.include({ name: 'PIPEOPS_AGENT_STATE_STORE', value: 'configmap' });
    });
  });

  describe('poddisruptionbudget.yaml', () => {
    it('keeps one replica of the Deployment up through voluntary disruptions', () => {
      const pdb = findObject<KubeObject & { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>(
        objects,
        'PodDisruptionBudget',
        'pipeops-agent',
      );
      expect(pdb.spec.minAvailable).to.equal(1);
      expect(pdb.spec.minAvailable).to.be.lessThan(deployment.spec.replicas);
      const labels = (deployment.spec.template as unknown as { metadata: { labels: Record<string, string> } }).metadata.labels;
      expect(labels).to.deep.include(pdb.spec.selector.matchLabels);
    });
  });

  describe('configmap.yaml', () => {
    const configMap = findObject<KubeObject & { data: Record<string, string> }>(objects, 'ConfigMap', 'pipeops-agent-config');
    const container = deployment.spec.template.spec.containers[0];

    it('is mounted where PIPEOPS_CONFIG points, and its token_file inside the Secret mount', () => {
      const env = new Map((container.env ?? []).map((e) => [e.name, e.value]));
      const configPath = env.get('PIPEOPS_CONFIG') ?? '';
      const mount = container.volumeMounts?.find((m) => m.mountPath === posix.dirname(configPath));
      const volume = deployment.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
      expect(volume?.configMap?.name).to.equal(configMap.metadata.name);
      expect(Object.keys(configMap.data)).to.deep.equal([posix.basename(configPath)]);

      const tokenFile = (parse(configMap.data['config.yaml']) as { pipeops: { token_file: string } }).pipeops.token_file;
      const tokenMount = container.volumeMounts?.find((m) => m.mountPath === posix.dirname(tokenFile));
      expect(deployment.spec.template.spec.volumes?.find((v) => v.name === tokenMount?.name)?.secret).to.deep.include({
        secretName: 'pipeops-agent-token',
      });
      expect(posix.basename(tokenFile)).to.equal('token');
    });

    it("is accepted by the agent's configuration loader together with the Deployment's environment", () => {
      const dir = mkdtempSync(join(tmpdir(), 'pipeops-manifest-config-'));
      try {
        writeFileSync(join(dir, 'token'), 'manifest-spec-token\n');
        const text = configMap.data['config.yaml'].replace('/var/run/secrets/pipeops/token', join(dir, 'token'));
        writeFileSync(join(dir, 'config.yaml'), text);
        const env: NodeJS.ProcessEnv = { PIPEOPS_CONFIG: join(dir, 'config.yaml'), PIPEOPS_KUBERNETES_NAMESPACE: NAMESPACE };
        for (const e of container.env ?? []) if (e.value !== undefined && e.name !== 'PIPEOPS_CONFIG') env[e.name] = e.value;
        const { config, configFile } = loadConfig({ argv: ['config'], env });
        expect(configFile).to.equal(join(dir, 'config.yaml'));
        expect(config.kubernetes.in_cluster).to.equal(true);
        expect(config.kubernetes.namespace).to.equal(NAMESPACE);
        expect(config.agent.state_store).to.equal('configmap');
        expect(config.agent.state_configmap).to.equal('pipeops-agent-state');
        expect(config.pipeops.token).to.equal('manifest-spec-token');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
