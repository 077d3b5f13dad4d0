// An in-process agent for the hostile-input specs: the narrow service account
// (so no generated request can change the cluster), the API server behind a
// byte-counting TcpProxy (so a spec can tell that a refused frame never left
// the agent), no background API probes, and fast-check settings from the env.
import { Writable } from 'node:stream';
import { startAgent, type RunningAgent } from '../../lib/agent.ts';
import { loadConfig } from '../../lib/config/load.ts';
import type { AgentConfig } from '../../lib/config/types.ts';
import { createLogger } from '../../lib/log/logger.ts';
import { kube } from '../support/kube/harness.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

export interface FuzzAgent {
  agent: RunningAgent;
  config: AgentConfig;
  /** Every log line, as written. */
  logs: string[];
  /** In front of the API server: bytesUp counts what the agent sent it. */
  api: TcpProxy;
  /** Resolves once nothing has gone to the API server for 300 ms (start-up probes done). */
  quiet(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFuzzAgent(configure: (c: AgentConfig) => void, saDir = kube.narrowSaDir): Promise<FuzzAgent> {
  const api = await new TcpProxy(kube.host, kube.port).listen();
  const config = structuredClone(loadConfig({ argv: ['config'], env: {} }).config);
  config.kubernetes.service_account_dir = saDir;
  config.agent.port = 0;
  config.agent.state_store = 'file';
  config.agent.state_file = `${kube.state.dir}/fuzz-state-${process.pid}.json`;
  config.pipeops.reconnect.interval = 100;
  config.pipeops.reconnect.max_interval = 1000;
  config.logging.level = 'debug';
  configure(config);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger(config.logging, { destination: sink });
  const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(api.port) };
  // One probe at start, then none for the run: upstream bytes come from proxied frames only.
  const agent = await startAgent(config, logger, { env, apiProbeInterval: 3_600_000, apiStaleAfter: 7_200_000 });
  return {
    agent,
    config,
    logs,
    api,
    async quiet() {
      let last = -1;
      while (api.bytesUp !== last) {
        last = api.bytesUp;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    },
    async stop() {
      await agent.stop('test finished');
      await api.close();
    },
  };
}

/** fast-check parameters: a fixed seed unless FUZZ_SEED is set, FUZZ_RUNS for a nightly-size run. */
export function fuzzParams(defaultRuns: number): { seed: number; numRuns: number; endOnFailure: boolean } {
  return {
    seed: Number(process.env.FUZZ_SEED ?? 20260126),
    numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns),
    endOnFailure: true,
  };
}
