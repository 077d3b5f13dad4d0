// The reference control plane: what an agent's `pipeops.api_url` points at.
//
// One HTTP server on 127.0.0.1. `GET /ws/agent` upgrades to the agent socket after the
// checks in upgrade.ts; `GET /agents` (same bearer token, control-plane-http.ts) lists
// the agents it knows with their last heartbeat. On the socket it answers `register` with
// `registered` (the agent's cluster id — stable per agent_id — its heartbeat interval and
// Runners), records heartbeats (agent-registry.ts), pushes `runners` when the assignment
// changes, and answers anything else it does not take with an `error` message. It can
// also send proxy frames itself.
//
// Several replicas of one agent (same agent_id and cluster_id, each its own
// instance_id) each keep their socket; a replica that says `draining` gets no new
// proxy frames from client(), which picks a serving replica.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type {
  HeartbeatMessage,
  RegisterMessage,
  RegisteredMessage,
  RunnerAssignment,
  SessionMessage,
} from '../../lib/protocol/types.ts';
import { AgentRegistry, type AgentRecord, type HeartbeatRecord, type InstanceRecord } from './agent-registry.ts';
import { serveControlPlaneHttp } from './control-plane-http.ts';
import { createReferenceLogger, type ReferenceLogger } from './log.ts';
import { ProxyClient } from './proxy-client.ts';
import { acceptUpgrades, subprotocolSelector } from './upgrade.ts';
import { Waiters } from './waiters.ts';
import { errorMessage, readAgentMessage, sendMessage, socketVersion } from './wire.ts';

// Part of this file's API: what agents(), instances() and the waits hand out.
export type { AgentRecord, HeartbeatRecord, InstanceRecord } from './agent-registry.ts';

export const CONTROL_PLANE_WS_PATH = '/ws/agent';

export interface ControlPlaneOptions {
  /** The PipeOps token agents must present. */
  token: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The Runners every agent is told about in `registered`. */
  runners?: RunnerAssignment[];
  /** Sent in `registered` when set: the agent heartbeats at this interval instead of its own. */
  heartbeatIntervalSeconds?: number;
  /** Answer each heartbeat with `heartbeat_ack` (default true). */
  ackHeartbeats?: boolean;
  /** Accept permessage-deflate when the agent offers it (default true, as the agent offers it by default). */
  compression?: boolean;
  /** Subprotocols spoken, preferred first (default pipeops.agent.v2, pipeops.agent.v1); [v1] plays a v1-only server. */
  protocols?: readonly string[];
  logger?: ReferenceLogger;
}

export interface WaitOptions {
  agentId?: string;
  timeoutMs?: number;
}

export interface ControlPlane {
  /** `http://127.0.0.1:<port>`: the agent's `pipeops.api_url`. */
  readonly url: string;
  /** `ws://127.0.0.1:<port>/ws/agent`: where the agent actually connects. */
  readonly wsUrl: string;
  readonly port: number;
  agents(): AgentRecord[];
  /** Every replica seen, connected or not, in the order they first registered. */
  instances(): InstanceRecord[];
  lastHeartbeat(agentId: string): HeartbeatRecord | undefined;
  /** Resolves with a connected, registered agent: at once if there is one, else at the next register. */
  waitForRegister(options?: WaitOptions): Promise<AgentRecord>;
  /** Resolves at the next heartbeat received. */
  waitForHeartbeat(options?: WaitOptions): Promise<HeartbeatRecord>;
  /** Replaces the Runner assignment and pushes a `runners` message to every registered agent. */
  setRunners(runners: RunnerAssignment[]): Promise<void>;
  /** Sends proxy frames to a registered agent over its control-plane socket (a serving replica's, when there are several). */
  client(agentId?: string): ProxyClient;
  /** Sends any message to a registered agent, as is. */
  send(agentId: string, message: object): Promise<void>;
  /** Closes every agent socket (as a control-plane restart would); agents reconnect and re-register. */
  dropAgents(code?: number, reason?: string): void;
  close(): Promise<void>;
}

interface Session {
  ws: WebSocket;
  client: ProxyClient;
  agentId: string | undefined;
  instance: InstanceRecord | undefined;
  remote: string;
}

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const log = options.logger ?? createReferenceLogger('reference-control-plane');
  const ackHeartbeats = options.ackHeartbeats ?? true;
  let runners = options.runners ?? [];
  const registry = new AgentRegistry();
  const sessions = new Set<Session>();
  // Keyed by the agent_id waited for; undefined waits for any agent.
  const registerWaiters = new Waiters<string | undefined, AgentRecord>();
  const heartbeatWaiters = new Waiters<string | undefined, HeartbeatRecord>();

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: subprotocolSelector(options.protocols),
    perMessageDeflate: options.compression ?? true,
  });
  const server = createServer((req, res) => serveControlPlaneHttp(req, res, options.token, () => registry.agents()));

  acceptUpgrades(server, wss, { path: CONTROL_PLANE_WS_PATH, token: options.token, ...(options.protocols ? { protocols: options.protocols } : {}) }, log, wssOnConnection);

  function wssOnConnection(ws: WebSocket, req: IncomingMessage): void {
    const session: Session = {
      ws,
      agentId: undefined,
      instance: undefined,
      remote: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
      client: new ProxyClient({
        send: (message) => sendMessage(ws, message),
        version: socketVersion(ws),
        idPrefix: 'cp',
        onPressure: (pressing) => (pressing ? ws.pause() : ws.resume()),
      }),
    };
    sessions.add(session);
    log.info({ remote: session.remote, protocol: ws.protocol, user_agent: req.headers['user-agent'] }, 'agent connected');
    ws.on('message', (data, isBinary) => sessionOnMessage(session, readAgentMessage(data, isBinary, socketVersion(ws))));
    ws.on('close', (code, reason) => {
      sessions.delete(session);
      session.client.close(new Error(`control-plane socket closed (${code})`));
      const record = session.agentId === undefined ? undefined : registry.get(session.agentId);
      if (record !== undefined && !hasSession(record.agentId)) record.connected = false;
      if (session.instance !== undefined && ![...sessions].some((s) => s.instance === session.instance)) session.instance.connected = false;
      log.info({ remote: session.remote, agent_id: session.agentId, code, reason: reason.toString() }, 'agent disconnected');
    });
    ws.on('error', (err) => log.warn({ remote: session.remote, err: err.message }, 'agent socket error'));
  }

  function sessionOnMessage(session: Session, inbound: ReturnType<typeof readAgentMessage>): void {
    switch (inbound.kind) {
      case 'invalid':
        log.warn({ agent_id: session.agentId, reason: inbound.reason }, 'invalid message from agent');
        reply(session, errorMessage('invalid_message', inbound.reason, inbound.id));
        return;
      case 'unknown_type':
        log.warn({ agent_id: session.agentId, type: inbound.type }, 'unknown message type');
        reply(session, errorMessage('unknown_type', `unknown message type "${inbound.type}"`, inbound.id));
        return;
      case 'response':
        if (!session.client.handleFrame(inbound.frame, inbound.body)) {
          log.warn({ agent_id: session.agentId, id: inbound.frame.id }, 'response for no pending request');
        }
        return;
      case 'session':
        onSessionMessage(session, inbound.message);
        return;
    }
  }

  function onSessionMessage(session: Session, message: SessionMessage): void {
    switch (message.type) {
      case 'register':
        onRegister(session, message);
        return;
      case 'heartbeat':
        onHeartbeat(session, message);
        return;
      case 'draining':
        if (session.instance !== undefined) session.instance.draining = true;
        log.info({ ...message.payload }, 'agent replica draining');
        return;
      case 'error':
        log.warn({ agent_id: session.agentId, id: message.id, ...message.payload }, 'agent reported an error');
        return;
      default:
        reply(session, errorMessage('unexpected_type', `"${message.type}" is not sent to a control plane`, message.id));
    }
  }

  function onRegister(session: Session, message: RegisterMessage): void {
    const { agent_id: agentId } = message.payload;
    const instanceId = message.payload.instance_id ?? '';
    // A replica's new socket replaces its old one; other replicas of the same agent keep theirs.
    for (const other of sessions) {
      if (other !== session && other.agentId === agentId && (other.instance?.instanceId ?? '') === instanceId) {
        other.ws.close(4000, 'replaced by a newer connection');
      }
    }
    const { record, instance } = registry.register(message.payload);
    const { clusterId } = record;
    session.agentId = agentId;
    session.instance = instance;
    const interval = options.heartbeatIntervalSeconds === undefined ? {} : { heartbeat_interval_seconds: options.heartbeatIntervalSeconds };
    const registered: RegisteredMessage = { type: 'registered', id: message.id, payload: { cluster_id: clusterId, ...interval, runners } };
    reply(session, registered);
    log.info(
      {
        agent_id: agentId,
        instance_id: instanceId || undefined,
        cluster_id: clusterId,
        cluster_name: message.payload.cluster_name,
        agent_version: message.payload.agent_version,
        kubernetes_version: message.payload.kubernetes_version,
        runners: runners.length,
      },
      'agent registered',
    );
    settle(registerWaiters, agentId, record);
  }

  function onHeartbeat(session: Session, message: HeartbeatMessage): void {
    const record = session.agentId === undefined ? undefined : registry.get(session.agentId);
    if (record === undefined) {
      reply(session, errorMessage('not_registered', 'send register before heartbeat', message.id));
      return;
    }
    const heartbeat = registry.heartbeat(record, session.instance, message.payload);
    const { status, connections, proxy, cluster } = message.payload;
    log.info({ agent_id: record.agentId, status, connections, proxy, cluster }, 'heartbeat');
    if (ackHeartbeats) reply(session, { type: 'heartbeat_ack', ...(message.id === undefined ? {} : { id: message.id }), payload: {} });
    settle(heartbeatWaiters, record.agentId, heartbeat);
  }

  function reply(session: Session, message: object): void {
    sendMessage(session.ws, message).catch((err: unknown) => {
      log.warn({ agent_id: session.agentId, err: String(err) }, 'send failed');
    });
  }

  function settle<T>(waiters: Waiters<string | undefined, T>, agentId: string, value: T): void {
    waiters.settle(value, (wanted) => wanted === undefined || wanted === agentId);
  }

  function wait<T>(waiters: Waiters<string | undefined, T>, what: string, opts: WaitOptions): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return waiters.next(opts.agentId, timeoutMs, `no ${what}${opts.agentId === undefined ? '' : ` from ${opts.agentId}`} within ${timeoutMs} ms`);
  }

  function hasSession(agentId: string): boolean {
    return [...sessions].some((s) => s.agentId === agentId);
  }

  function sessionFor(agentId: string | undefined): Session {
    const registered = [...sessions].filter((s) => s.agentId !== undefined && (agentId === undefined || s.agentId === agentId));
    // A draining replica takes no new requests: prefer one that serves.
    const session = registered.find((s) => s.instance?.draining !== true) ?? registered[0];
    if (session === undefined) throw new Error(agentId === undefined ? 'no agent is registered' : `agent ${agentId} is not connected`);
    return session;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  log.info({ url: `http://127.0.0.1:${port}`, path: CONTROL_PLANE_WS_PATH, runners: runners.length }, 'control plane listening');

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}${CONTROL_PLANE_WS_PATH}`,
    port,
    agents: () => registry.agents(),
    instances: () => registry.instances(),
    lastHeartbeat: (agentId) => registry.get(agentId)?.lastHeartbeat,
    waitForRegister(opts = {}) {
      const ready = registry.agents().find((a) => a.connected && (opts.agentId === undefined || a.agentId === opts.agentId));
      return ready === undefined ? wait(registerWaiters, 'register', opts) : Promise.resolve(ready);
    },
    waitForHeartbeat: (opts = {}) => wait(heartbeatWaiters, 'heartbeat', opts),
    async setRunners(next) {
      runners = next;
      log.info({ runners: next.map((r) => r.name ?? r.url) }, 'runner assignment changed');
      const registered = [...sessions].filter((s) => s.agentId !== undefined);
      await Promise.all(registered.map((s) => sendMessage(s.ws, { type: 'runners', id: `runners-${randomUUID()}`, payload: { runners: next } })));
    },
    client: (agentId) => sessionFor(agentId).client,
    send: (agentId, message) => sendMessage(sessionFor(agentId).ws, message),
    dropAgents(code = 1012, reason = 'control plane restarting') {
      for (const session of sessions) session.ws.close(code, reason);
    },
    async close() {
      for (const session of sessions) session.ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      wss.close();
    },
  };
}
