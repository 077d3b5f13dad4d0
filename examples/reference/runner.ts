// The reference Runner: the server an agent dials for each Runner assignment, and the
// client API Runner code uses to reach the cluster through it.
//
//   const runner = await startRunner({ token });
//   const agent = await runner.waitForAgent({ clusterId });
//   const pods = await agent.request({ method: 'GET', path: '/api/v1/namespaces/default/pods' });
//   for await (const ev of runner.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: ['true'] } })) …
//
// Each agent socket must pass the checks in upgrade.ts and then say `hello` first; only
// then is it listed and addressable (by agent id or cluster id). Requests are matched
// to answers per socket (proxy-client.ts); losing the socket fails what is pending.
//
// Several replicas of one agent (same agent_id, each its own instance_id) each keep
// their socket. agent() picks a serving one (connected, not draining, fewest pending;
// agent-directory.ts); `failover` sends through whichever serves and resends or
// resumes what a replica that goes away leaves behind (failover.ts).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HelloMessage, K8sProxyResponse, RunnerAssignment } from '../../lib/protocol/types.ts';
import { isWatchRequest } from '../../lib/protocol/watch.ts';
import { AgentConnection, type RunnerAgent } from './agent-connection.ts';
import { AgentDirectory, agentTarget, type AgentTarget } from './agent-directory.ts';
import { failoverRequest, FailoverStream, newFailoverStats, SocketLostError, type FailoverStats } from './failover.ts';
import { createReferenceLogger, type ReferenceLogger } from './log.ts';
import type { ProxyRequestInit, RequestOptions } from './proxy-client.ts';
import type { StreamHandle, StreamHandleOptions } from './stream-handle.ts';
import { acceptUpgrades, subprotocolSelector } from './upgrade.ts';
import { errorMessage, readAgentMessage, sendMessage, socketVersion } from './wire.ts';

// Part of this file's API: what agent() hands out and how it is addressed.
export type { RunnerAgent } from './agent-connection.ts';
export type { AgentTarget } from './agent-directory.ts';

export const RUNNER_WS_PATH = '/ws/runner';

export interface RunnerOptions {
  /** The Runner token agents must present (the control plane hands it out with the URL). */
  token: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  path?: string;
  /** Accept permessage-deflate when the agent offers it (default true, as the agent offers it by default). */
  compression?: boolean;
  /** Subprotocols spoken, preferred first (default pipeops.agent.v2, pipeops.agent.v1); [v1] plays a v1-only server. */
  protocols?: readonly string[];
  logger?: ReferenceLogger;
  /** Unread chunks per stream before the Runner stops reading that agent's socket (default 64). */
  stream?: StreamHandleOptions;
}

/** Sending through whichever replica serves (failover.ts). */
export interface RunnerFailover {
  request(init: ProxyRequestInit, options?: RequestOptions & AgentTarget & { waitMs?: number }): Promise<K8sProxyResponse>;
  /** A stream through a serving replica; a watch is re-opened on another when its replica goes. */
  stream(init: ProxyRequestInit, target?: AgentTarget & { waitMs?: number }): FailoverStream;
  readonly stats: FailoverStats;
}

export interface Runner {
  /** `ws://127.0.0.1:<port>/ws/runner`: the URL to hand agents. */
  readonly url: string;
  readonly port: number;
  /** This Runner as a control plane assigns it: `{url, token, name}`. */
  assignment(name?: string): RunnerAssignment;
  agents(): RunnerAgent[];
  /** The matching connected agent; throws when there is none. */
  agent(target?: AgentTarget): RunnerAgent;
  /** Resolves with the matching agent: at once if connected, else after its `hello`. */
  waitForAgent(target?: AgentTarget & { timeoutMs?: number }): Promise<RunnerAgent>;
  request(init: ProxyRequestInit, options?: RequestOptions & AgentTarget): Promise<K8sProxyResponse>;
  stream(init: ProxyRequestInit, target?: AgentTarget): StreamHandle;
  /** Stop or resume reading every agent socket, present and future. */
  readPaused: boolean;
  readonly failover: RunnerFailover;
  dropAgents(code?: number, reason?: string): void;
  close(): Promise<void>;
}

export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const log = options.logger ?? createReferenceLogger('reference-runner');
  const path = options.path ?? RUNNER_WS_PATH;
  const directory = new AgentDirectory();
  let readPaused = false;
  const stats = newFailoverStats();

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: subprotocolSelector(options.protocols),
    perMessageDeflate: options.compression ?? true,
  });
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  acceptUpgrades(server, wss, { path, token: options.token, ...(options.protocols ? { protocols: options.protocols } : {}) }, log, wssOnConnection);

  function wssOnConnection(ws: WebSocket, req: IncomingMessage): void {
    const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    let connection: AgentConnection | undefined;
    log.info({ remote, protocol: ws.protocol }, 'agent connected');

    ws.on('message', (data, isBinary) => {
      const inbound = readAgentMessage(data, isBinary, socketVersion(ws));
      if (inbound.kind === 'invalid') {
        log.warn({ remote, agent_id: connection?.agentId, reason: inbound.reason }, 'invalid message from agent');
        reply(ws, errorMessage('invalid_message', inbound.reason, inbound.id));
      } else if (inbound.kind === 'unknown_type') {
        reply(ws, errorMessage('unknown_type', `unknown message type "${inbound.type}"`, inbound.id));
      } else if (connection === undefined) {
        if (inbound.kind === 'session' && inbound.message.type === 'hello') {
          connection = onHello(ws, inbound.message, remote);
        } else {
          reply(ws, errorMessage('hello_required', 'the first message on a Runner socket is hello'));
        }
      } else if (inbound.kind === 'response') {
        if (!connection.client.handleFrame(inbound.frame, inbound.body)) {
          log.warn({ agent_id: connection.agentId, id: inbound.frame.id }, 'response for no pending request');
        }
      } else if (inbound.message.type === 'draining') {
        connection.draining = true;
        log.info({ agent_id: connection.agentId, instance_id: connection.instanceId, grace_seconds: inbound.message.payload.grace_seconds }, 'agent replica draining');
      } else if (inbound.message.type === 'error') {
        log.warn({ agent_id: connection.agentId, ...inbound.message.payload }, 'agent reported an error');
      } else {
        const { type, id } = inbound.message;
        reply(ws, errorMessage('unexpected_type', `"${type}" is not sent to a Runner`, id));
      }
    });
    ws.on('close', (code, reason) => {
      if (connection !== undefined) {
        directory.delete(connection);
        connection.client.close(new SocketLostError(`Runner socket closed (${code})`));
      }
      log.info({ remote, agent_id: connection?.agentId, code, reason: reason.toString() }, 'agent disconnected');
    });
    ws.on('error', (err) => log.warn({ remote, err: err.message }, 'agent socket error'));
  }

  function onHello(ws: WebSocket, hello: HelloMessage, remote: string): AgentConnection {
    const connection = new AgentConnection(ws, hello.payload, options.stream);
    connection.readPaused = readPaused;
    directory.add(connection);
    const { agent_id, cluster_id, cluster_name, agent_version, capabilities, instance_id } = hello.payload;
    log.info({ remote, agent_id, instance_id, cluster_id, cluster_name, agent_version, capabilities }, 'agent said hello');
    return connection;
  }

  function reply(ws: WebSocket, message: object): void {
    sendMessage(ws, message).catch((err: unknown) => log.warn({ err: String(err) }, 'send failed'));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}${path}`;
  log.info({ url }, 'runner listening');

  return {
    url,
    port,
    assignment: (name = 'reference-runner') => ({ url, token: options.token, name }),
    agents: () => directory.all(),
    agent: (target) => directory.agent(target),
    waitForAgent: ({ timeoutMs = 10_000, ...target } = {}) => directory.waitFor(target, timeoutMs),
    request: (init, { agentId, clusterId, ...requestOptions } = {}) =>
      directory.agent(agentTarget(agentId, clusterId)).request(init, requestOptions),
    stream: (init, t) => directory.agent(t).stream(init),
    failover: {
      request: (init, { agentId, clusterId, instanceId, waitMs = 30_000, ...requestOptions } = {}) =>
        failoverRequest((retry) => directory.serving(agentTarget(agentId, clusterId, instanceId), retry ? 0 : waitMs), init, stats, requestOptions),
      stream: (init, { waitMs = 30_000, ...t } = {}) =>
        new FailoverStream((retry) => directory.serving(t, retry ? 0 : waitMs), init, isWatchRequest({ path: init.path ?? '', query: init.query ?? {} }), stats),
      stats,
    },
    get readPaused() {
      return readPaused;
    },
    set readPaused(paused: boolean) {
      readPaused = paused;
      for (const connection of directory.all()) connection.readPaused = paused;
    },
    dropAgents(code = 1012, reason = 'runner restarting') {
      for (const connection of directory.all()) connection.close(code, reason);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      wss.close();
    },
  };
}
