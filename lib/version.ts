// The agent's own version, read once from package.json.
import pkg from '../package.json' with { type: 'json' };

export const AGENT_VERSION: string = pkg.version;
export const USER_AGENT = `pipeops-agent/${AGENT_VERSION}`;
export const SUBPROTOCOL_V1 = 'pipeops.agent.v1';
export const SUBPROTOCOL_V2 = 'pipeops.agent.v2';
/** What the agent offers when it dials, preferred first. */
export const SUBPROTOCOLS: readonly string[] = [SUBPROTOCOL_V2, SUBPROTOCOL_V1];

export type ProtocolVersion = 1 | 2;

/** The version a server selected, or undefined when it selected neither of ours. */
export function protocolVersion(subprotocol: string): ProtocolVersion | undefined {
  return subprotocol === SUBPROTOCOL_V2 ? 2 : subprotocol === SUBPROTOCOL_V1 ? 1 : undefined;
}
