// Starts the agent in-process for control-plane and health specs: in-cluster
// credentials from the test API server, a control plane of the spec's
// choosing, the health listener on a free port and fast reconnects.
import { startAgent, type RunningAgent, type StartAgentOptions } from '../../lib/start-agent.ts';
import type { AgentConfig } from '../../lib/config/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { logSink, type LogSink } from './log-sink.ts';
import { testConfig } from './test-config.ts';

export interface SessionAgent {
  agent: RunningAgent;
  config: AgentConfig;
  log: LogSink;
  stop(): Promise<void>;
}

export interface SessionAgentOptions extends StartAgentOptions {
  /** pipeops.api_url; '' for no control plane. */
  apiUrl: string;
  token?: string;
  /** API server port as the agent sees it (default: the real one). */
  apiPort?: number;
  configure?: (config: AgentConfig) => void;
}

export async function startSessionAgent(options: SessionAgentOptions): Promise<SessionAgent> {
  const config = testConfig();
  config.pipeops.api_url = options.apiUrl;
  config.pipeops.token = options.token ?? 'cp-token';
  config.pipeops.reconnect.interval = 50;
  config.pipeops.reconnect.max_interval = 300;
  config.pipeops.timeout = 5000;
  config.agent.port = 0;
  config.agent.cluster_name = 'test-cluster';
  config.kubernetes.service_account_dir = kube.saDir;
  config.agent.shutdown_timeout = 3000;
  options.configure?.(config);
  const log = logSink('debug');
  const env = {
    KUBERNETES_SERVICE_HOST: kube.host,
    KUBERNETES_SERVICE_PORT: String(options.apiPort ?? kube.port),
  };
  const { apiUrl: _a, token: _t, apiPort: _p, configure: _c, ...start } = options;
  const agent = await startAgent(config, log.logger, { env, ...start });
  return { agent, config, log, stop: () => agent.stop('spec finished') };
}

export { until } from '../../testkit/eventually.ts';
