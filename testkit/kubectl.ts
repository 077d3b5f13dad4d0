// The harness-built kubectl, run as a child process the way a user runs it:
// through the tunnel with a kubeconfig naming the kubectl gateway (plain HTTP,
// no credentials: the agent uses its own), or straight at the API server with
// the admin kubeconfig.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KubectlResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  kubeconfig: string;
  /** Written to stdin (e.g. a manifest for `apply -f -`). */
  input?: string;
  timeoutMs?: number;
  /** Extra environment (e.g. KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false for the SPDY transport). */
  env?: Record<string, string>;
}

/** A kubeconfig pointing at the gateway: no user, no TLS, default namespace set. */
export function writeGatewayKubeconfig(file: string, gatewayUrl: string, namespace: string): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'gateway', cluster: { server: gatewayUrl } }],
    users: [{ name: 'none', user: {} }],
    contexts: [{ name: 'gateway', context: { cluster: 'gateway', user: 'none', namespace } }],
    'current-context': 'gateway',
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

function kubectlEnv(kubeconfig: string, cacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  env.KUBECONFIG = kubeconfig;
  // Discovery and OpenAPI caches per kubeconfig, so one run never reads another's.
  env.KUBECACHEDIR = cacheDir;
  return env;
}

/** The environment kubectl runs with (for a wrapper such as `script` that starts it). */
export function kubectlEnvFor(kubectl: Kubectl, kubeconfig: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...kubectlEnv(kubeconfig, join(kubectl.cacheDir, cacheName(kubeconfig))), ...env };
}

export class Kubectl {
  readonly path: string;
  readonly cacheDir: string;

  constructor(path: string, cacheDir: string) {
    this.path = path;
    this.cacheDir = cacheDir;
  }

  /** Runs kubectl to completion; never rejects on a non-zero exit (the caller asserts on it). */
  run(args: string[], options: KubectlOptions): Promise<KubectlResult> {
    const child = this.spawn(args, options.kubeconfig, options.env);
    child.stdin?.end(options.input ?? '');
    return collect(child, options.timeoutMs ?? 60_000, `kubectl ${args.join(' ')}`);
  }

  /** Starts a long-running kubectl (a watch); its stdout is read by the caller. */
  spawn(args: string[], kubeconfig: string, env: Record<string, string> = {}): ChildProcess {
    return spawn(this.path, args, {
      env: { ...kubectlEnv(kubeconfig, join(this.cacheDir, cacheName(kubeconfig))), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }
}

function cacheName(kubeconfig: string): string {
  return kubeconfig.replaceAll(/[^a-zA-Z0-9]/g, '_');
}

export function collect(child: ChildProcess, timeoutMs: number, what: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not finish within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
