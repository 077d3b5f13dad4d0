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
// their socket. agent() picks a serving one (connected, not draining, fewest pending);
// `failover` sends through whichever serves and resends or resumes what a replica
// that goes away leaves behind (failover.ts).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HelloMessage, K8sProxyResponse, RunnerAssignment } from '../../lib/protocol/types.ts';
import { createReferenceLogger, type ReferenceLogger } from './log.ts';
import { ProxyClient, type ProxyRequestInit, type RequestOptions } from './proxy-client.ts';
import type { DuplexHandle } from './duplex-handle.ts';
import type { StreamHandle, StreamHandleOptions } from './stream-handle.ts';
import type { ProtocolVersion } from '../../lib/version.ts';
import { acceptUpgrades, subprotocolSelector } from './upgrade.ts';
import { errorMessage, readAgentMessage, sendMessage, socketVersion } from './wire.ts';
import { failoverRequest, FailoverStream, newFailoverStats, SocketLostError, type FailoverStats, type Replica } from './failover.ts';
import { isWatchRequest } from '../../lib/protocol/watch.ts';

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

/** Which agent to talk to; empty means the first one connected. */
export interface AgentTarget {
  agentId?: string;
  clusterId?: string;
  /** One replica of the agent. */
  instanceId?: string;
}

/** Sending through whichever replica serves (failover.ts). */
export interface RunnerFailover {
  request(init: ProxyRequestInit, options?: RequestOptions & AgentTarget & { waitMs?: number }): Promise<K8sProxyResponse>;
  /** A stream through a serving replica; a watch is re-opened on another when its replica goes. */
  stream(init: ProxyRequestInit, target?: AgentTarget & { waitMs?: number }): FailoverStream;
  readonly stats: FailoverStats;
}

/** One agent connected to this Runner, after its `hello`. */
export interface RunnerAgent {
  readonly agentId: string;
  readonly clusterId: string;
  readonly hello: HelloMessage['payload'];
  /** hello's instance_id; '' from an agent that sends none. */
  readonly instanceId: string;
  /** It said `draining` (or refused a request because it is shutting down). */
  readonly draining: boolean;
  /** Connected and not draining: new requests may go to it. */
  readonly serving: boolean;
  markDraining(): void;
  readonly connectedAt: Date;
  /** Requests and streams waiting for their terminal frame. */
  readonly pending: number;
  /** Stop (true) or resume (false) reading this agent's socket, as a stalled Runner would. */
  readPaused: boolean;
  /** False while the socket is not being read (paused by hand or by stream pressure). */
  readonly reading: boolean;
  request(init: ProxyRequestInit, options?: RequestOptions): Promise<K8sProxyResponse>;
  stream(init: ProxyRequestInit): StreamHandle;
  /** An upgraded stream (exec, attach, port-forward); needs a pipeops.agent.v2 socket. */
  upgrade(init: ProxyRequestInit): DuplexHandle;
  /** The socket's protocol version, from the subprotocol selected. */
  readonly version: ProtocolVersion;
  send(message: object): Promise<void>;
  close(code?: number, reason?: string): void;
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

class AgentConnection implements RunnerAgent, Replica {
  readonly agentId: string;
  readonly clusterId: string;
  readonly instanceId: string;
  readonly hello: HelloMessage['payload'];
  draining = false;
  readonly connectedAt = new Date();
  readonly client: ProxyClient;
  private readonly ws: WebSocket;
  private manualPause = false;
  private pressurePause = false;

  constructor(ws: WebSocket, hello: HelloMessage['payload'], stream: StreamHandleOptions | undefined) {
    this.ws = ws;
    this.hello = hello;
    this.agentId = hello.agent_id;
    this.clusterId = hello.cluster_id;
    this.instanceId = hello.instance_id ?? '';
    this.client = new ProxyClient({
      send: (message) => sendMessage(ws, message),
      version: socketVersion(ws),
      idPrefix: 'runner',
      onPressure: (pressing) => {
        this.pressurePause = pressing;
        this.applyPause();
      },
      ...(stream === undefined ? {} : { stream }),
    });
  }

  get pending(): number {
    return this.client.pending;
  }

  get serving(): boolean {
    return !this.draining && this.ws.readyState === this.ws.OPEN;
  }

  markDraining(): void {
    this.draining = true;
  }

  get readPaused(): boolean {
    return this.manualPause;
  }

  get reading(): boolean {
    return !this.ws.isPaused;
  }

  set readPaused(paused: boolean) {
    this.manualPause = paused;
    this.applyPause();
  }

  request(init: ProxyRequestInit, options?: RequestOptions): Promise<K8sProxyResponse> {
    return this.client.request(init, options);
  }

  stream(init: ProxyRequestInit): StreamHandle {
    return this.client.stream(init);
  }

  upgrade(init: ProxyRequestInit): DuplexHandle {
    return this.client.upgrade(init);
  }

  get version(): ProtocolVersion {
    return socketVersion(this.ws);
  }

  send(message: object): Promise<void> {
    return sendMessage(this.ws, message);
  }

  close(code = 1000, reason = ''): void {
    this.ws.close(code, reason);
  }

  private applyPause(): void {
    if (this.manualPause || this.pressurePause) this.ws.pause();
    else this.ws.resume();
  }
}

export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const log = options.logger ?? createReferenceLogger('reference-runner');
  const path = options.path ?? RUNNER_WS_PATH;
  const connections = new Set<AgentConnection>();
  const waiters = new Set<{ target: AgentTarget; resolve(agent: AgentConnection): void }>();
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
        connections.delete(connection);
        connection.client.close(new SocketLostError(`Runner socket closed (${code})`));
      }
      log.info({ remote, agent_id: connection?.agentId, code, reason: reason.toString() }, 'agent disconnected');
    });
    ws.on('error', (err) => log.warn({ remote, err: err.message }, 'agent socket error'));
  }

  function onHello(ws: WebSocket, hello: HelloMessage, remote: string): AgentConnection {
    // A replica's new socket replaces its old one; other replicas of the same agent keep theirs.
    for (const other of connections) {
      if (other.agentId === hello.payload.agent_id && other.instanceId === (hello.payload.instance_id ?? '')) {
        other.close(4000, 'replaced by a newer connection');
      }
    }
    const connection = new AgentConnection(ws, hello.payload, options.stream);
    connection.readPaused = readPaused;
    connections.add(connection);
    const { agent_id, cluster_id, cluster_name, agent_version, capabilities, instance_id } = hello.payload;
    log.info({ remote, agent_id, instance_id, cluster_id, cluster_name, agent_version, capabilities }, 'agent said hello');
    for (const waiter of [...waiters]) {
      if (matches(connection, waiter.target)) {
        waiters.delete(waiter);
        waiter.resolve(connection);
      }
    }
    return connection;
  }

  function reply(ws: WebSocket, message: object): void {
    sendMessage(ws, message).catch((err: unknown) => log.warn({ err: String(err) }, 'send failed'));
  }

  /** A matching replica: a serving one with the fewest pending requests, else any. */
  function find(target: AgentTarget = {}): AgentConnection | undefined {
    const matching = [...connections].filter((c) => matches(c, target));
    const serving = matching.filter((c) => c.serving).sort((a, b) => a.pending - b.pending);
    return serving[0] ?? matching[0];
  }

  /** A serving replica, waiting (up to waitMs) for one to say hello when none serves. */
  function serving(target: AgentTarget, waitMs: number): Promise<AgentConnection> {
    const found = find(target);
    if (found?.serving === true) return Promise.resolve(found);
    if (waitMs <= 0) return Promise.reject(new Error(`no serving agent replica${describe(target)}`));
    return nextHello(target, waitMs, 'no serving agent replica');
  }

  /** The next matching agent to say hello, within timeoutMs. */
  function nextHello(target: AgentTarget, timeoutMs: number, failure: string): Promise<AgentConnection> {
    const { promise, resolve, reject } = Promise.withResolvers<AgentConnection>();
    const waiter = {
      target,
      resolve: (agent: AgentConnection) => {
        clearTimeout(timer);
        resolve(agent);
      },
    };
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      reject(new Error(`${failure}${describe(target)} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiters.add(waiter);
    return promise;
  }

  function agent(target: AgentTarget = {}): AgentConnection {
    const found = find(target);
    if (found === undefined) throw new Error(`no agent connected${describe(target)}`);
    return found;
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
    agents: () => [...connections],
    agent,
    waitForAgent({ timeoutMs = 10_000, ...target } = {}) {
      const ready = find(target);
      return ready !== undefined ? Promise.resolve(ready) : nextHello(target, timeoutMs, 'no agent said hello');
    },
    request: (init, { agentId, clusterId, ...requestOptions } = {}) =>
      agent(target(agentId, clusterId)).request(init, requestOptions),
    stream: (init, t) => agent(t).stream(init),
    failover: {
      request: (init, { agentId, clusterId, instanceId, waitMs = 30_000, ...requestOptions } = {}) =>
        failoverRequest((retry) => serving(target(agentId, clusterId, instanceId), retry ? 0 : waitMs), init, stats, requestOptions),
      stream: (init, { waitMs = 30_000, ...t } = {}) =>
        new FailoverStream((retry) => serving(t, retry ? 0 : waitMs), init, isWatchRequest({ path: init.path ?? '', query: init.query ?? {} }), stats),
      stats,
    },
    get readPaused() {
      return readPaused;
    },
    set readPaused(paused: boolean) {
      readPaused = paused;
      for (const connection of connections) connection.readPaused = paused;
    },
    dropAgents(code = 1012, reason = 'runner restarting') {
      for (const connection of connections) connection.close(code, reason);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      wss.close();
    },
  };
}

function matches(connection: AgentConnection, target: AgentTarget): boolean {
  return (
    (target.agentId === undefined || connection.agentId === target.agentId) &&
    (target.clusterId === undefined || connection.clusterId === target.clusterId) &&
    (target.instanceId === undefined || connection.instanceId === target.instanceId)
  );
}

function target(agentId: string | undefined, clusterId: string | undefined, instanceId?: string): AgentTarget {
  return {
    ...(agentId === undefined ? {} : { agentId }),
    ...(clusterId === undefined ? {} : { clusterId }),
    ...(instanceId === undefined ? {} : { instanceId }),
  };
}

function describe(target: AgentTarget): string {
  const parts = [
    target.agentId === undefined ? '' : `agent_id=${target.agentId}`,
    target.clusterId === undefined ? '' : `cluster_id=${target.clusterId}`,
    target.instanceId === undefined ? '' : `instance_id=${target.instanceId}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
