// The default effective configuration for specs, built the way the agent
// builds it (loadConfig) with a placeholder control plane so it validates;
// specs clone it and set what they need.
import { loadConfig } from '../../lib/config/load.ts';
import type { AgentConfig } from '../../lib/config/types.ts';

export function testConfig(): AgentConfig {
  const { config } = loadConfig({ argv: [], env: { PIPEOPS_PIPEOPS_API_URL: 'http://127.0.0.1:9', PIPEOPS_PIPEOPS_TOKEN: 'test-token' } });
  return structuredClone(config);
}
