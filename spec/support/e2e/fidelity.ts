// The fidelity battery's runner: the same kubectl command straight at the API
// server, with the agent's own service-account token (so both runs are the same
// identity), and through the tunnel; each result normalised (normalise.ts) and
// compared, exit code, stdout and stderr. Mutating commands work on twin objects
// (`twin(mode, base)`), so the two runs never see each other's changes.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kube } from '../../../testkit/kube/harness.ts';
import type { KubectlResult } from '../../../testkit/kubectl.ts';
import { normalise, twin, type Mode } from './normalise.ts';
import type { E2eStack } from './stack.ts';
import { KubectlWatch } from './watch.ts';

export type Args = string[] | ((mode: Mode) => string[]);
export type Input = string | ((mode: Mode) => string);

export interface Compared {
  direct: KubectlResult;
  tunnel: KubectlResult;
}

export interface SameOptions {
  input?: Input;
  /** The exit code both must have (default 0), so two identical failures do not pass. */
  code?: number;
  timeoutMs?: number;
}

/** A kubeconfig for the API server itself, authenticated by a bearer token. */
export function writeTokenKubeconfig(file: string, token: string, namespace: string): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'direct', cluster: { server: kube.server, 'certificate-authority-data': readFileSync(kube.caFile).toString('base64') } }],
    users: [{ name: 'token', user: { token } }],
    contexts: [{ name: 'direct', context: { cluster: 'direct', user: 'token', namespace } }],
    'current-context': 'direct',
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

export class Fidelity {
  readonly stack: E2eStack;
  readonly kubeconfigs: Record<Mode, string>;

  /** Compares the stack's agent at `agentIndex` with direct access as the service account in `saDir`. */
  constructor(stack: E2eStack, options: { saDir?: string; agentIndex?: number; name?: string } = {}) {
    this.stack = stack;
    const agent = stack.agents[options.agentIndex ?? 0];
    if (agent === undefined) throw new Error('start the agent before the Fidelity runner');
    const file = join(stack.dir, `${options.name ?? 'direct'}.kubeconfig`);
    this.kubeconfigs = { direct: writeTokenKubeconfig(file, kube.token(options.saDir), kube.namespace), tunnel: agent.kubeconfig };
  }

  run(mode: Mode, args: Args, options: { input?: Input; timeoutMs?: number } = {}): Promise<KubectlResult> {
    const argv = typeof args === 'function' ? args(mode) : args;
    const input = typeof options.input === 'function' ? options.input(mode) : options.input;
    return this.stack.kubectl.run(argv, {
      kubeconfig: this.kubeconfigs[mode],
      ...(input === undefined ? {} : { input }),
      timeoutMs: options.timeoutMs ?? 60_000,
    });
  }

  /** Both runs at once (they must not depend on each other: twins, or reads). */
  async both(args: Args, options: { input?: Input; timeoutMs?: number } = {}): Promise<Compared> {
    const [direct, tunnel] = await Promise.all([this.run('direct', args, options), this.run('tunnel', args, options)]);
    return { direct, tunnel };
  }

  /** Runs both and asserts the same exit code (the expected one), stdout and stderr, normalised. Returns the results. */
  async expectSame(args: Args, options: SameOptions = {}): Promise<Compared> {
    const r = await this.both(args, options);
    expectSameResults(r, options.code ?? 0, typeof args === 'function' ? args('direct').join(' ') : args.join(' '));
    return r;
  }

  /** A long-running kubectl (get -w, wait, logs -f) in each mode. */
  spawn(args: Args): Record<Mode, KubectlWatch> {
    const start = (mode: Mode): KubectlWatch =>
      new KubectlWatch(this.stack.kubectl.spawn(typeof args === 'function' ? args(mode) : args, this.kubeconfigs[mode]));
    return { direct: start('direct'), tunnel: start('tunnel') };
  }
}

export function expectSameResults(r: Compared, code: number, what: string): void {
  const view = (x: KubectlResult) => ({ code: x.code, stdout: normalise(x.stdout), stderr: normalise(x.stderr) });
  const direct = view(r.direct);
  const tunnel = view(r.tunnel);
  expect(tunnel, `kubectl ${what}: through the tunnel vs direct`).to.deep.equal(direct);
  expect(direct.code, `kubectl ${what} exit code; stderr:\n${r.direct.stderr}`).to.equal(code);
  // Two runs that print nothing prove nothing.
  expect(direct.stdout + direct.stderr, `kubectl ${what} printed something`).not.to.equal('');
}

export { twin, type Mode };

