// Objects the fidelity battery reads and changes: its own CustomResourceDefinition
// (a namespaced Widget with printer columns and a status subresource), namespaces,
// and bulk ConfigMaps, all made as cluster admin.
import { kube } from '../../../testkit/kube/harness.ts';
import { Kubectl } from '../../../testkit/kubectl.ts';

export const WIDGET_GROUP = 'fidelity.pipeops.io';
export const WIDGETS = `widgets.${WIDGET_GROUP}`;

const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: WIDGETS },
  spec: {
    group: WIDGET_GROUP,
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 1 },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A widget the kubectl fidelity battery reads and changes.',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'integer', description: 'How big the widget is.' },
                  color: { type: 'string', description: 'Its colour.' },
                },
              },
              status: {
                type: 'object',
                properties: { conditions: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
              },
            },
          },
        },
      },
    ],
  },
};

async function ok(method: string, path: string, body?: object, headers?: Record<string, string>): Promise<void> {
  const res = await kube.adminRequest(method, path, body, headers);
  if (res.status >= 300 && res.status !== 409) throw new Error(`${method} ${path}: HTTP ${res.status}: ${res.text.slice(0, 500)}`);
}

/** Creates the Widget CRD if missing and resolves once it is Established (kubectl wait, straight at the API server). */
export async function ensureWidgetCrd(): Promise<void> {
  await ok('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGET_CRD);
  const res = await new Kubectl(kube.kubectlPath, kube.state.dir).run(['wait', '--for=condition=Established', `crd/${WIDGETS}`, '--timeout=60s'], {
    kubeconfig: kube.adminKubeconfig,
  });
  if (res.code !== 0) throw new Error(`the Widget CRD did not become Established: ${res.stderr}`);
}

export function createNamespace(name: string): Promise<void> {
  return ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export function create(path: string, body: object): Promise<void> {
  return ok('POST', path, body);
}

export function widget(name: string, size: number, color: string, labels: Record<string, string> = {}): object {
  return { apiVersion: `${WIDGET_GROUP}/v1`, kind: 'Widget', metadata: { name, labels }, spec: { size, color } };
}

export function configMap(name: string, data: Record<string, string>, labels: Record<string, string> = {}): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

/** A Deployment; `paused` keeps a controller manager from rolling it out, so what is read of it holds still. */
export function deployment(name: string, replicas: number, options: { paused?: boolean } = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      ...(options.paused === true ? { paused: true } : {}),
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'nginx' }] } },
    },
  };
}

/** `count` ConfigMaps named cm-00000…, fifty requests at a time. */
export async function createConfigMaps(namespace: string, count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await create(`/api/v1/namespaces/${namespace}/configmaps`, configMap(`cm-${String(i).padStart(5, '0')}`, { i: String(i) }));
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
}
