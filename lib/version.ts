// The agent's own version, read once from package.json.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const AGENT_VERSION: string = pkg.version;
export const USER_AGENT = `pipeops-agent/${AGENT_VERSION}`;
export const SUBPROTOCOL = 'pipeops.agent.v1';
