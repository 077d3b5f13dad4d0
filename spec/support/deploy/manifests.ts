// Loads Kubernetes manifests (multi-document YAML) and states, once, what
// every way of deploying the agent must produce, so the plain manifests and
// the rendered Helm chart are held to the same rules.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { expect } from 'chai';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export function parseManifests(text: string, origin = 'manifest'): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${origin}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const object = value as KubeObject;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !object.metadata?.name) {
      throw new Error(`${origin}: a document without apiVersion, kind or metadata.name`);
    }
    objects.push(object);
  }
  return objects;
}

export function readManifests(file: string): KubeObject[] {
  return parseManifests(readFileSync(file, 'utf8'), file);
}

export function findObject<T = KubeObject>(objects: KubeObject[], kind: string, name?: string): T {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found, `exactly one ${kind}${name ? ` ${name}` : ''}`).to.have.length(1);
  return found[0] as T;
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

interface Probe {
  exec?: { command: string[] };
  httpGet?: unknown;
  tcpSocket?: unknown;
}

interface Container {
  name: string;
  image: string;
  ports?: unknown[];
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

export interface AgentDeployment extends KubeObject {
  spec: {
    replicas: number;
    strategy?: { type: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    template: {
      spec: {
        serviceAccountName: string;
        terminationGracePeriodSeconds?: number;
        topologySpreadConstraints?: Array<{ topologyKey: string; maxSkew: number; labelSelector?: { matchLabels?: Record<string, string> } }>;
        securityContext?: Record<string, unknown>;
        containers: Container[];
        volumes?: Array<{ name: string; emptyDir?: unknown; secret?: { secretName: string }; configMap?: { name: string } }>;
      };
    };
  };
}

/** Whether `rules` allow `verb` on `group`/`resource` (optionally a named object), as RBAC evaluates them. */
export function allows(rules: PolicyRule[], verb: string, group: string, resource: string, name?: string): boolean {
  return rules.some(
    (r) =>
      (r.verbs.includes(verb) || r.verbs.includes('*')) &&
      (r.apiGroups ?? []).some((g) => g === group || g === '*') &&
      (r.resources ?? []).some((x) => x === resource || x === '*') &&
      (r.resourceNames === undefined || r.resourceNames.length === 0 || (name !== undefined && r.resourceNames.includes(name))),
  );
}

/**
 * The rules every deployment of the agent follows: two replicas (high
 * availability) rolled one at a time with a surge, spread across nodes, each
 * with its POD_NAME and a grace period longer than the agent's drain, non-root and read-only, exec probes on `health`, no port, a
 * writable /tmp, in-cluster credentials and the token from a Secret.
 */
export function expectAgentDeployment(deployment: AgentDeployment): Container {
  expect(deployment.spec.replicas).to.equal(2);
  expect(deployment.spec.strategy?.type).to.equal('RollingUpdate');
  expect(deployment.spec.strategy?.rollingUpdate, 'never fewer replicas than wanted during a rollout').to.deep.include({ maxUnavailable: 0 });
  const pod = deployment.spec.template.spec;
  const spread = pod.topologySpreadConstraints ?? [];
  expect(spread.map((s) => s.topologyKey), 'replicas spread across nodes').to.include('kubernetes.io/hostname');
  // The default agent.shutdown_timeout (20 s) must end before the kubelet's SIGKILL.
  expect(pod.terminationGracePeriodSeconds ?? 30).to.be.greaterThan(20);
  expect(pod.securityContext).to.deep.include({ runAsNonRoot: true, runAsUser: 10001 });
  expect(pod.securityContext?.seccompProfile).to.deep.equal({ type: 'RuntimeDefault' });
  expect(pod.containers).to.have.length(1);
  const container = pod.containers[0];
  expect(container.ports ?? [], 'no container port: nothing listens on the pod IP').to.deep.equal([]);
  expect(container.securityContext).to.deep.include({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
  });
  expect(container.securityContext?.capabilities).to.deep.equal({ drop: ['ALL'] });
  expect(container.securityContext?.seccompProfile).to.deep.equal({ type: 'RuntimeDefault' });
  expect(container.readinessProbe?.exec?.command).to.deep.equal(['node', 'bin/agent.js', 'health']);
  expect(container.livenessProbe?.exec?.command).to.deep.equal(['node', 'bin/agent.js', 'health', '--live']);
  for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe?.httpGet).to.equal(undefined);
  expect(container.resources?.requests).to.have.keys('cpu', 'memory');
  expect(container.resources?.limits).to.include.keys('memory');
  const env = new Map((container.env ?? []).map((e) => [e.name, e]));
  expect(env.get('PIPEOPS_KUBERNETES_IN_CLUSTER')?.value).to.equal('true');
  expect(env.get('POD_NAME')?.valueFrom, "instance_id is the pod's name").to.deep.equal({ fieldRef: { fieldPath: 'metadata.name' } });
  expect(env.has('PIPEOPS_PIPEOPS_TOKEN') && env.get('PIPEOPS_PIPEOPS_TOKEN')?.value !== undefined, 'token never inline')
    .to.equal(false);
  const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
  expect(tmp, '/tmp is mounted').to.not.equal(undefined);
  expect(pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir, '/tmp is an emptyDir').to.not.equal(undefined);
  for (const mount of container.volumeMounts ?? []) {
    if (mount.mountPath !== '/tmp') expect(mount.readOnly, `${mount.mountPath} read-only`).to.equal(true);
  }
  return container;
}
