// Starts the agent in-process for integration specs, with in-cluster-style
// credentials from the test API server and log lines captured in memory (so a
// spec can assert that no token ever reached a log line).
import { Writable } from 'node:stream';
import { startAgent, type RunningAgent, type StartAgentOptions } from '../../lib/start-agent.ts';
import { loadConfig } from '../../lib/config/load.ts';
import type { AgentConfig } from '../../lib/config/types.ts';
import { createLogger } from '../../lib/log/logger.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import type { PeerConnection } from '../../testkit/runner-peer/connection.ts';

export interface TestAgent {
  agent: RunningAgent;
  config: AgentConfig;
  logs: string[];
  stop(): Promise<void>;
}

export interface TestAgentOptions {
  saDir?: string;
  /** API server host/port as the agent sees them (e.g. a TcpProxy in front of the real one). */
  apiHost?: string;
  apiPort?: number;
  configure?: (config: AgentConfig) => void;
  level?: AgentConfig['logging']['level'];
  /** Passed on to startAgent (e.g. API probe intervals). */
  start?: Omit<StartAgentOptions, 'env'>;
}

export async function startTestAgent(options: TestAgentOptions = {}): Promise<TestAgent> {
  const base = loadConfig({ argv: ['config'], env: {} }).config;
  const config = structuredClone<AgentConfig>(base);
  config.kubernetes.service_account_dir = options.saDir ?? kube.saDir;
  config.agent.port = 0;
  config.pipeops.reconnect.interval = 100;
  config.pipeops.reconnect.max_interval = 1000;
  config.logging.level = options.level ?? 'debug';
  options.configure?.(config);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger(config.logging, { destination: sink });
  const env = {
    KUBERNETES_SERVICE_HOST: options.apiHost ?? kube.host,
    KUBERNETES_SERVICE_PORT: String(options.apiPort ?? kube.port),
  };
  const agent = await startAgent(config, logger, { ...options.start, env });
  return { agent, config, logs, stop: () => agent.stop('test finished') };
}

export interface AgentWithRunner {
  peer: Peer;
  agent: TestAgent;
  /** The agent's socket to the peer, connected. */
  conn: PeerConnection;
  stop: () => Promise<void>;
}

/** An in-process agent with one static Runner: a test peer it has connected to. */
export async function startAgentWithRunner(options: TestAgentOptions = {}, token = 'rt'): Promise<AgentWithRunner> {
  const peer = await new Peer({ token }).listen();
  const agent = await startTestAgent({
    ...options,
    configure: (c) => {
      c.runners = [{ url: peer.url, token }];
      options.configure?.(c);
    },
  });
  const conn = await peer.connection();
  return {
    peer,
    agent,
    conn,
    stop: async () => {
      await agent.stop();
      await peer.close();
    },
  };
}
