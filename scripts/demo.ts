// The one-command demo: a Kubernetes cluster (the test cluster — etcd,
// kube-apiserver, controller manager, scheduler and two kwok nodes — built and
// started for you, with a sample Deployment and a log line every second; or
// the cluster in $KUBECONFIG), the reference control plane, Runner and kubectl
// gateway, and bin/agent.js dialling out to them — then kubectl command lines
// that reach the cluster through the tunnel.
//
//   npm run demo                 runs until Ctrl-C / SIGINT / SIGTERM / SIGHUP, then stops everything
//   npm run demo -- --check      runs the first kubectl command once, prints it, stops, exits 0 when it worked
//   (DEMO_EXIT_AFTER_CHECK=1 does the same as --check)
//
// Progress goes to stderr, the summary to stdout. Every process and temp dir it
// made is gone when it exits, however it is stopped: by a signal to this
// process, or to the npm that started it (the npm script execs node, so npm's
// forwarded SIGINT/SIGTERM land here; npm does not forward SIGHUP and dies of
// it, which this process notices as a new parent).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startReferenceStack, type ReferenceStack } from '../examples/reference/start.ts';
import { AgentProcess } from '../testkit/agent-process.ts';
import { collect } from '../testkit/kubectl.ts';
import { locateKubeAssets } from '../testkit/kube/assets.ts';
import { kube } from '../testkit/kube/harness.ts';

const USAGE = `usage: npm run demo [-- --check] [--gateway-port N] [--control-plane-port N]

Starts a Kubernetes cluster on 127.0.0.1 with two kwok nodes, a Deployment "web" (2 replicas) in namespace
"demo" and a log line every second (unless KUBECONFIG is set: then the agent uses that cluster), the
reference control plane, Runner and kubectl gateway, and the agent (bin/agent.js) as a child process, then
prints kubectl commands that reach the cluster through the agent's tunnel. Ctrl-C stops everything.

  --check                run the first kubectl command once, print its output, stop, exit 0 when it worked
                         (also DEMO_EXIT_AFTER_CHECK=1)
  --gateway-port N       port of the kubectl gateway (default: a free one)
  --control-plane-port N port of the reference control plane (default: a free one)

The first run builds etcd, the Kubernetes components, kubectl and kwok from source (20-30 minutes, progress below);
later runs reuse them. KUBE_ASSETS=<dir> uses prebuilt binaries instead.
`;

function say(line: string): void {
  process.stderr.write(`[demo] ${line}\n`);
}

/** Undo steps, run in reverse order at shutdown. */
const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let stopping: Promise<void> | undefined;
/** Set by fail(): the demo exits 1 once cleaned up. */
let crashed = false;

/**
 * An error that ends the demo: a step's (its message says what to fix) or one thrown outside the steps'
 * awaits, such as a stray socket error (its stack says where). It is reported and ends the demo as a
 * failure, but only once every cleanup step has run; dying at once would leave the temp dir behind.
 */
function fail(err: unknown, where: 'step' | 'stray'): void {
  crashed = true;
  const detail = err instanceof Error ? (where === 'stray' ? (err.stack ?? err.message) : err.message) : String(err);
  say(`failed: ${detail}`);
  void shutdown('failure').then(() => process.exit(1));
}

function shutdown(reason: string): Promise<void> {
  stopping ??= (async () => {
    say(`stopping (${reason})`);
    for (const step of cleanups.toReversed()) {
      try {
        await step.run();
      } catch (err) {
        say(`stopping ${step.name} failed: ${(err as Error).message}`);
      }
    }
    say('stopped; nothing left running');
  })();
  return stopping;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: 'boolean', default: false },
      'gateway-port': { type: 'string' },
      'control-plane-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const check = values.check === true || process.env.DEMO_EXIT_AFTER_CHECK === '1';

  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled ??= signal;
    void shutdown(signal).then(() => process.exit(crashed ? 1 : 0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const stray = (err: unknown): void => fail(err, 'stray');
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  // A parent that died without passing the signal on (npm on SIGHUP, a killed shell) reparents us.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) onSignal('SIGHUP');
  }, 500);
  orphaned.unref();
  cleanups.push({ name: 'parent watch', run: () => Promise.resolve(clearInterval(orphaned)) });

  const dir = mkdtempSync(join(tmpdir(), 'pipeops-demo-'));
  cleanups.push({ name: 'temp dir', run: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) });

  // 1. A cluster.
  let kubeEnv: Record<string, string>;
  let kubectlPath: string;
  let clusterLine: string;
  let sample: Promise<unknown> = Promise.resolve();
  let ownCluster = false;
  const kubeconfig = process.env.KUBECONFIG?.split(':')[0];
  if (kubeconfig !== undefined && kubeconfig !== '') {
    say(`using the cluster in KUBECONFIG=${kubeconfig}`);
    kubeEnv = { KUBECONFIG: kubeconfig };
    kubectlPath = onPath('kubectl') ?? (await locateKubeAssets()).kubectl;
    clusterLine = `cluster:        KUBECONFIG=${kubeconfig}`;
  } else {
    say('no KUBECONFIG: starting etcd, kube-apiserver, controller manager, scheduler and kwok on 127.0.0.1');
    say('building or reusing the Kubernetes binaries (the first build takes 20-30 minutes)');
    cleanups.push({ name: 'cluster', run: () => kube.stop() });
    const state = await kube.start({ namespace: 'pipeops-demo' });
    ownCluster = true;
    kubeEnv = kube.agentEnv();
    kubectlPath = state.kubectlPath;
    const { daemons } = kube.pids;
    clusterLine =
      `cluster:        ${state.server}   (pod-target, etcd, kube-apiserver, controller manager, scheduler, kwok: ` +
      `pids ${daemons.join(', ')}; logs in ${state.dir})\n` +
      `nodes:          ${state.nodes.join(', ')} (kwok)\n` +
      `admin kubectl:  ${state.kubectlPath} --kubeconfig ${state.adminKubeconfig} get pods -A`;
    say(`cluster ready at ${state.server}; starting Deployment ${SAMPLE_NAMESPACE}/web and a log line every second`);
    // Rolls out while the reference servers and the agent start.
    sample = kube.runDeployment('web', 2, SAMPLE_NAMESPACE);
    sample.catch(() => undefined);
    let line = 0;
    const feed = setInterval(() => kube.appendPodLog(`demo log line ${++line} at ${new Date().toISOString()}`), 1000);
    cleanups.push({ name: 'log feed', run: () => Promise.resolve(clearInterval(feed)) });
  }
  if (signalled) return 0;

  // 2. The reference control plane, Runner and kubectl gateway, in this process.
  const apiToken = randomBytes(16).toString('hex');
  const referenceLog = join(dir, 'reference.log');
  const stack: ReferenceStack = await startReferenceStack({
    apiToken,
    runnerToken: randomBytes(16).toString('hex'),
    logger: pino({ name: 'reference', level: 'info' }, pino.destination({ dest: referenceLog, sync: true })),
    ...port('controlPlanePort', values['control-plane-port']),
    ...port('gatewayPort', values['gateway-port']),
  });
  cleanups.push({ name: 'reference servers', run: () => stack.close() });
  say(`reference control plane at ${stack.controlPlane.url}, kubectl gateway at ${stack.gatewayUrl}`);
  if (signalled) return 0;

  // 3. The agent, as a user runs it.
  const agent = await AgentProcess.start({
    name: 'agent',
    apiUrl: stack.controlPlane.url,
    token: apiToken,
    kubeEnv,
    dir,
    settings: { PIPEOPS_AGENT_CLUSTER_NAME: 'demo', PIPEOPS_AGENT_STATE_STORE: 'file' },
  });
  cleanups.push({ name: 'agent', run: () => agent.stop() });
  say(`agent started (pid ${agent.pid}); waiting for /ready`);
  await agent.waitReady(60_000);
  const registered = await stack.controlPlane.waitForRegister({ timeoutMs: 30_000 });
  await stack.runner.waitForAgent({ agentId: registered.agentId, timeoutMs: 30_000 });
  await sample;
  if (signalled) return 0;

  const tunnel = [kubectlPath, '--kubeconfig', '/dev/null', '--server', stack.gatewayUrl];
  const ns = ['-n', SAMPLE_NAMESPACE];
  const examples = ownCluster
    ? [
        ['get', 'nodes,pods', '-A'],
        [...ns, 'logs', '-f', 'deploy/web'],
        [...ns, 'exec', '-it', 'deploy/web', '--', 'sh'],
        [...ns, 'port-forward', 'deploy/web', '8080:80'],
        [...ns, 'attach', 'deploy/web'],
        [...ns, 'rollout', 'restart', 'deploy/web'],
        [...ns, 'rollout', 'status', 'deploy/web'],
        ['delete', 'namespace', SAMPLE_NAMESPACE],
      ]
    : [['get', 'namespaces']];
  const [kubectlArgs = []] = examples.map((args) => [...tunnel.slice(1), ...args]);
  const command = [...tunnel, ...(examples[0] ?? [])].join(' ');
  const commands = examples.map((args) => `  ${[...tunnel, ...args].join(' ')}`).join('\n');
  process.stdout.write(
    `\npipeops-agent demo is running\n\n` +
      `${clusterLine}\n` +
      `control plane:  ${stack.controlPlane.url}   (reference, in pid ${process.pid}; agent ${registered.agentId}, cluster ${registered.clusterId})\n` +
      `Runner:         ${stack.runner.url}\n` +
      `kubectl gateway: ${stack.gatewayUrl}\n` +
      `agent:          pid ${agent.pid}, health ${agent.healthUrl}/ready, metrics ${agent.healthUrl}/metrics\n` +
      `logs:           agent ${agent.logFile}\n` +
      `                reference servers ${referenceLog}\n` +
      `                (removed at exit)\n\n` +
      `Through the tunnel:\n\n${commands}\n\n`,
  );

  if (check) {
    const child = spawn(kubectlPath, kubectlArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    const res = await collect(child, 60_000, 'kubectl');
    process.stdout.write(`$ ${command}\n${res.stdout}`);
    if (res.stderr !== '') process.stderr.write(res.stderr);
    await shutdown('--check done');
    return res.code === 0 ? 0 : 1;
  }

  process.stdout.write('Ctrl-C stops everything.\n');
  // Stay up until a signal; an agent that dies on its own ends the demo too.
  const exit = await agent.child.exited;
  if (signalled) return 0;
  say(`the agent exited (${exit.code ?? exit.signal}); last log lines:\n${agent.child.logTail(20)}`);
  await shutdown('agent exited');
  return 1;
}

/** Where the sample Deployment runs (own cluster only). */
const SAMPLE_NAMESPACE = 'demo';

function port<K extends string>(key: K, value: string | undefined): Partial<Record<K, number>> {
  if (value === undefined) return {};
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a port number, got "${value}"`);
  return { [key]: n } as Partial<Record<K, number>>;
}

function onPath(command: string): string | undefined {
  try {
    return execFileSync('/bin/sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

main(process.argv.slice(2)).then(
  async (code) => {
    if (stopping !== undefined) await stopping;
    process.exit(crashed ? 1 : code);
  },
  (err: unknown) => fail(err, 'step'),
);
