// The agent under test, run as its own process the way an operator runs it:
// bin/agent.js with a config file naming one static Runner (the bench's), the
// rate limit and stream caps raised out of the way so the bench measures the
// agent and not its limits. Started and sampled through the test kit's
// AgentProcess (CPU time and RSS from /proc, /metrics in Prometheus text).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentProcess } from '../../testkit/agent-process.ts';

export interface BenchAgentOptions {
  name: string;
  dir: string;
  runnerUrl: string;
  runnerToken: string;
  /** KUBERNETES_SERVICE_HOST/PORT and PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR. */
  kubeEnv: Record<string, string>;
  compression: boolean;
  /** Write a V8 CPU profile into this directory when the agent exits. */
  cpuProfDir?: string;
  /** Use the file state store (an upstream without ConfigMaps). */
  fileState?: boolean;
  /** Turn the audit trail on, writing to this file. */
  auditFile?: string;
  /** Authenticate with this kubeconfig instead of the service-account files of kubeEnv. */
  kubeconfig?: string;
}

/** Time the agent gets on SIGTERM to drain and write its CPU profile. */
export const BENCH_AGENT_GRACE_MS = 30_000;

/** Where the bench agent's config file is (for `health --config` beside it). */
export function benchConfigFile(o: Pick<BenchAgentOptions, 'dir'>): string {
  return join(o.dir, 'config.yaml');
}

/** Writes the config file and starts the agent; resolves once the process is spawned, not when it is ready. */
export async function startBenchAgent(o: BenchAgentOptions): Promise<AgentProcess> {
  mkdirSync(o.dir, { recursive: true });
  const config = benchConfigFile(o);
  writeFileSync(
    config,
    [
      `agent:`,
      `  name: bench-${o.name}`,
      `  host: 127.0.0.1`,
      ...(o.fileState ? [`  state_store: file`, `  state_file: ${JSON.stringify(join(o.dir, 'state.json'))}`] : []),
      ...(o.kubeconfig ? [`kubernetes:`, `  in_cluster: false`, `  kubeconfig: ${JSON.stringify(o.kubeconfig)}`] : []),
      `pipeops:`,
      `  compression: ${o.compression}`,
      `runners:`,
      `  - url: ${JSON.stringify(o.runnerUrl)}`,
      `    name: bench`,
      `    token: ${JSON.stringify(o.runnerToken)}`,
      `proxy:`,
      // The bench measures the agent, not its limits: no rate limit in practice, room for 1,000 watches.
      `  rate_limit:`,
      `    requests_per_second: 1000000`,
      `    burst: 1000000`,
      `  max_concurrent_streams: 2048`,
      `  max_concurrent_requests: 1024`,
      ...(o.auditFile ? [`audit:`, `  enabled: true`, `  output: ${JSON.stringify(o.auditFile)}`] : []),
      `logging:`,
      `  level: warn`,
      ``,
    ].join('\n'),
    { mode: 0o600 },
  );
  return AgentProcess.start({
    name: o.name,
    dir: o.dir,
    configFile: config,
    kubeEnv: o.kubeconfig ? {} : o.kubeEnv,
    ...(o.cpuProfDir ? { nodeOptions: `--cpu-prof --cpu-prof-dir=${o.cpuProfDir}` } : {}),
  });
}
