// The reference control plane's plain HTTP side, beside the agent socket: `GET /healthz`
// for liveness and `GET /agents` (the PipeOps bearer token) listing every agent it knows
// with its last heartbeat, as an operator's dashboard would read them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentRecord } from './agent-registry.ts';
import { bearerToken, tokenMatches } from './upgrade.ts';

export function serveControlPlaneHttp(req: IncomingMessage, res: ServerResponse, token: string, agents: () => AgentRecord[]): void {
  const path = new URL(req.url ?? '/', 'http://reference.invalid').pathname;
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  if (path !== '/agents' || req.method !== 'GET') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  if (!tokenMatches(bearerToken(req), token)) {
    res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('unauthorized\n');
    return;
  }
  const body = agents().map((a) => ({
    agent_id: a.agentId,
    cluster_id: a.clusterId,
    cluster_name: a.register.cluster_name,
    agent_version: a.register.agent_version,
    connected: a.connected,
    registered_at: a.registeredAt.toISOString(),
    heartbeats: a.heartbeats,
    last_heartbeat: a.lastHeartbeat === undefined ? null : { received_at: a.lastHeartbeat.receivedAt.toISOString(), ...a.lastHeartbeat.payload },
  }));
  res.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify(body, null, 2)}\n`);
}
