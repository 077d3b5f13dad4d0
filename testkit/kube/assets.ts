// Finds the test cluster's binaries (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, kubectl, kwok) and kwok's stages
// and CRDs: a directory named by KUBE_ASSETS (or KUBEBUILDER_ASSETS, as envtest
// users already have), else the build cache filled by build.sh, which is run
// when it is empty.
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runBuildScript } from '../build-script.ts';

export interface KubeAssets {
  dir: string;
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kubectl: string;
  kwok: string;
  /** kwok's standard stages (node-initialize, node-heartbeat, pod-ready, pod-complete, pod-delete), one YAML file each. */
  kwokStagesDir: string;
  /** kwok's CustomResourceDefinitions (Stage, ClusterExec, PortForward, ...), one YAML file each. */
  kwokCrdsDir: string;
}

const BUILD_SCRIPT = join(import.meta.dirname, 'build.sh');
const NAMES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok'] as const;
/** Files beside the binaries that kwok needs. */
const DATA = ['kwok-stages/pod-ready.yaml', 'kwok-crds/kwok.x-k8s.io_clusterexecs.yaml'] as const;
const HOLDS = 'etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok, kwok-stages/ and kwok-crds/';
/** build.sh exit status when Go is missing. */
const EXIT_NO_GO = 3;

export async function locateKubeAssets(env: NodeJS.ProcessEnv = process.env): Promise<KubeAssets> {
  const named = env.KUBE_ASSETS ? 'KUBE_ASSETS' : env.KUBEBUILDER_ASSETS ? 'KUBEBUILDER_ASSETS' : undefined;
  if (named !== undefined) {
    const dir = env[named] ?? '';
    const missing = [
      ...NAMES.filter((name) => !isExecutable(join(dir, name))),
      ...DATA.filter((file) => !existsSync(join(dir, file))),
    ];
    if (missing.length > 0) {
      throw new Error(`${named}=${dir} does not hold ${missing.join(', ')} (it needs ${HOLDS}; build.sh makes them)`);
    }
    return assetsIn(dir);
  }
  return assetsIn(await runBuild(env));
}

function assetsIn(dir: string): KubeAssets {
  return {
    dir,
    etcd: join(dir, 'etcd'),
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubeScheduler: join(dir, 'kube-scheduler'),
    kubectl: join(dir, 'kubectl'),
    kwok: join(dir, 'kwok'),
    kwokStagesDir: join(dir, 'kwok-stages'),
    kwokCrdsDir: join(dir, 'kwok-crds'),
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs build.sh (a no-op on a warm cache); its progress goes to stderr, the directory is its last stdout line. */
function runBuild(env: NodeJS.ProcessEnv): Promise<string> {
  return runBuildScript(BUILD_SCRIPT, env, (code) => {
    const hint =
      code === EXIT_NO_GO
        ? `Go is not installed. Install Go, or set KUBE_ASSETS to a directory holding ${HOLDS}.`
        : `Set KUBE_ASSETS to a directory holding ${HOLDS} to use prebuilt binaries.`;
    const ci = env.CI === 'true' ? ' (CI: the integration tier needs a real API server and is never skipped)' : '';
    return `building the test Kubernetes binaries failed (exit ${code})${ci}. ${hint}`;
  });
}
