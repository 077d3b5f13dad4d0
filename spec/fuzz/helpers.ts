// An in-process agent for the hostile-input specs: the narrow service account
// (so no generated request can change the cluster), the API server behind a
// byte-counting TcpProxy (so a spec can tell that a refused frame never left
// the agent), no background API probes, and fast-check settings from the env.
import type { RunningAgent } from '../../lib/start-agent.ts';
import type { AgentConfig } from '../../lib/config/types.ts';
import { startTestAgent } from '../support/agent.ts';
import { kube } from '../../testkit/kube/harness.ts';
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
  const test = await startTestAgent({
    saDir,
    apiHost: '127.0.0.1',
    apiPort: api.port,
    configure: (c) => {
      c.agent.state_store = 'file';
      c.agent.state_file = `${kube.state.dir}/fuzz-state-${process.pid}.json`;
      configure(c);
    },
    // One probe at start, then none for the run: upstream bytes come from proxied frames only.
    start: { apiProbeInterval: 3_600_000, apiStaleAfter: 7_200_000 },
  });
  return {
    agent: test.agent,
    config: test.config,
    logs: test.logs,
    api,
    async quiet() {
      let last = -1;
      while (api.bytesUp !== last) {
        last = api.bytesUp;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    },
    async stop() {
      await test.stop();
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
