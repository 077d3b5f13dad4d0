// `pipeops-agent doctor`: checks, in the order the agent depends on them, what
// it needs to work: its configuration, the API server and its permissions
// there, and the path to the control plane. One line per check; the first
// failure stops the run with the fix to try, exit 1. Nothing is registered and
// no proxy request is made.
import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentConfig } from '../config/types.ts';
import { controlPlaneUrl } from '../control-plane/session.ts';
import { isAgentError } from '../errors.ts';
import { createKubeTarget, type KubeTarget } from '../kube/target.ts';
import { checkEndpoint, type Endpoint } from './control-plane-checks.ts';
import { checkApiServer, checkPermissions, identityStoreKind } from './kube-checks.ts';
import { Report, describeError, type DoctorOutput } from './report.ts';

export type { DoctorOutput } from './report.ts';

export interface DoctorOptions {
  env?: NodeJS.ProcessEnv;
  /** The configuration file read, for the first line; null when there was none. */
  configFile?: string | null;
  /** Load-time warnings, shown as such. */
  warnings?: readonly string[];
  /** Deadline of each network step. */
  timeoutMs?: number;
  /** Replaces createKubeTarget (tests). */
  createTarget?: (config: AgentConfig['kubernetes'], env: NodeJS.ProcessEnv) => Promise<KubeTarget>;
}

/** Runs every check in order; resolves with the exit code (0 all passed, 1 a check failed). */
export async function runDoctor(config: AgentConfig, out: DoctorOutput, options: DoctorOptions = {}): Promise<number> {
  const report = new Report(out);
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 5000;
  const ok = await checkAll(config, report, env, timeoutMs, options);
  return ok && report.failures === 0 ? 0 : 1;
}

async function checkAll(
  config: AgentConfig,
  report: Report,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  options: DoctorOptions,
): Promise<boolean> {
  if (!checkConfig(config, report, options)) return false;

  let target: KubeTarget;
  try {
    target = await (options.createTarget ?? ((kubernetes, e) => createKubeTarget({ config: kubernetes, env: e })))(config.kubernetes, env);
  } catch (err) {
    report.fail(
      `Kubernetes credentials: ${isAgentError(err) ? err.message : describeError(err)}`,
      config.kubernetes.in_cluster
        ? "run in a pod with the ServiceAccount token mounted (automountServiceAccountToken: true)"
        : 'set kubernetes.kubeconfig (PIPEOPS_KUBERNETES_KUBECONFIG) to a readable kubeconfig, or kubernetes.in_cluster in a pod',
    );
    return false;
  }
  try {
    if (!(await checkApiServer(target, report, timeoutMs))) return false;
    if (!(await checkPermissions(config, target, report, timeoutMs))) return false;
    if (identityStoreKind(config.agent, target) === 'file') checkStateFile(config, report);
  } finally {
    await target.close();
  }

  const endpoints: Endpoint[] = [];
  if (config.pipeops.api_url !== '') {
    endpoints.push({ label: 'control plane', url: new URL(controlPlaneUrl(config.pipeops.api_url)), token: config.pipeops.token });
  }
  for (const runner of config.runners) {
    endpoints.push({ label: `Runner ${runner.name ?? new URL(runner.url).host}`, url: new URL(runner.url), token: runner.token });
  }
  for (const endpoint of endpoints) {
    if (!(await checkEndpoint(endpoint, config.pipeops, report, timeoutMs))) return false;
  }
  return true;
}

function checkConfig(config: AgentConfig, report: Report, options: DoctorOptions): boolean {
  report.pass(`config valid (${options.configFile ? options.configFile : 'no file: defaults and environment'})`);
  for (const warning of options.warnings ?? []) report.warn(warning);
  if (config.pipeops.api_url === '' && config.runners.length === 0) {
    report.fail(
      'nothing to connect to: neither pipeops.api_url nor runners is set',
      'set pipeops.api_url (PIPEOPS_PIPEOPS_API_URL), e.g. https://api.pipeops.io',
    );
    return false;
  }
  if (config.pipeops.api_url !== '' && config.pipeops.token === '') {
    report.fail(
      'no PipeOps token',
      'set pipeops.token_file (PIPEOPS_PIPEOPS_TOKEN_FILE), PIPEOPS_PIPEOPS_TOKEN, or the systemd credential pipeops-token',
    );
    return false;
  }
  if (config.pipeops.tls.ca_file !== '') {
    try {
      accessSync(config.pipeops.tls.ca_file, fsConstants.R_OK);
    } catch (err) {
      report.fail(
        `pipeops.tls.ca_file ${config.pipeops.tls.ca_file} cannot be read (${describeError(err)})`,
        'point pipeops.tls.ca_file at a readable PEM file, or unset it to trust the system CAs only',
      );
      return false;
    }
  }
  return true;
}

/** Whether the identity file can be written; the agent runs without it, so only a warning. */
function checkStateFile(config: AgentConfig, report: Report): void {
  const file = config.agent.state_file;
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, fsConstants.W_OK);
    report.pass(`identity file ${file} writable`);
  } catch {
    report.warn(
      `identity file ${file}: ${dir} is not writable, so agent_id may not survive a restart ` +
        '(set agent.state_file to a writable path, or StateDirectory= under systemd)',
    );
  }
}
