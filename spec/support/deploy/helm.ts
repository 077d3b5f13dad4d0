// Finds helm for the chart specs: $HELM, else `helm` on PATH, else the cache
// filled by build-helm.sh (built from the Go module proxy on first use).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { runBuildScript } from '../../../testkit/build-script.ts';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BUILD_SCRIPT = join(import.meta.dirname, 'build-helm.sh');
/** The Kubernetes version charts are rendered for (helm template has no cluster to ask). */
export const RENDER_KUBE_VERSION = '1.37.0';

let located: Promise<string> | undefined;

export function locateHelm(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  located ??= find(env);
  return located;
}

async function find(env: NodeJS.ProcessEnv): Promise<string> {
  for (const candidate of [env.HELM, 'helm']) {
    if (!candidate) continue;
    try {
      await run(candidate, ['version', '--short']);
      return candidate;
    } catch {
      if (candidate === env.HELM) throw new Error(`HELM=${env.HELM} is not a working helm binary`);
    }
  }
  return build(env);
}

function build(env: NodeJS.ProcessEnv): Promise<string> {
  return runBuildScript(BUILD_SCRIPT, env, (code) => `building helm failed (exit ${code}); set HELM to a helm binary to use a prebuilt one`);
}

export interface RenderResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `helm template` of a chart; a non-zero exit is returned, not thrown. */
export async function helmTemplate(chart: string, args: string[]): Promise<RenderResult> {
  const helm = await locateHelm();
  try {
    const { stdout, stderr } = await run(helm, ['template', ...args, chart, '--kube-version', RENDER_KUBE_VERSION], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
