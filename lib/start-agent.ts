// The composition root: wires the API server target, the identity, the proxy
// executor, the control-plane session, the Runner sockets, the metrics and the
// health listener, and owns the order of start-up and shutdown. bin/agent.js
// (through lib/cli.ts) only calls startAgent.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AgentConfig } from './config/types.ts';
import { DEFAULT_STATE_FILE } from './config/load.ts';
import { AgentError } from './errors.ts';
import { createKubeTarget, type KubeTarget } from './kube/target.ts';
import { ProxyExecutor, type ProxyObserver } from './proxy/executor.ts';
import { ControlPlaneSession } from './control-plane/session.ts';
import { RunnerSet } from './control-plane/runner-set.ts';
import { ClusterStatus } from './kube/cluster-status.ts';
import { heartbeatPayload } from './control-plane/heartbeat.ts';
import { loadIdentity, type AgentIdentity } from './control-plane/identity.ts';
import type { IdentityStore } from './control-plane/stored-identity.ts';
import { instanceId } from './control-plane/instance.ts';
import { AgentMetrics } from './metrics/agent-metrics.ts';
import { openAudit } from './audit/open-audit.ts';
import type { AuditWriter } from './audit/audit-writer.ts';
import type { AuditSink } from './audit/sink.ts';
import { EventLoopMonitor } from './metrics/event-loop.ts';
import { HealthServer, type HealthCheck } from './health/health-server.ts';
import { liveness, readiness } from './health/checks.ts';
import type { HeartbeatMessage } from './protocol/types.ts';
import type { ChannelObserver } from './tunnel/channel.ts';
import { combineObservers } from './metrics/combine-observers.ts';
import type { OutboundSocketOptions } from './tunnel/outbound-socket.ts';
import { AGENT_VERSION, type ProtocolVersion } from './version.ts';
import { UpgradeExecutor } from './proxy/upgrade-stream.ts';

/** What the agent offers on a socket of each protocol version (register and hello say it). */
export const CAPABILITIES: Readonly<Record<ProtocolVersion, readonly string[]>> = {
  1: ['k8s-proxy', 'stream', 'watch', 'cancel'],
  2: ['k8s-proxy', 'stream', 'watch', 'cancel', 'binary_frames', 'upgrade'],
};

export interface RunningAgent {
  readonly target: KubeTarget;
  readonly identity: AgentIdentity;
  /** This replica: POD_NAME, else host name and pid (register, heartbeat, hello and draining carry it). */
  readonly instanceId: string;
  readonly controlPlane: ControlPlaneSession | undefined;
  readonly runners: RunnerSet;
  readonly cluster: ClusterStatus;
  readonly metrics: AgentMetrics;
  /** The audit trail's writer; undefined with audit.enabled false. */
  readonly audit: AuditWriter | undefined;
  readonly health: HealthServer;
  /** True once stop() has begun: the replica announced `draining` and takes no new requests. */
  readonly draining: boolean;
  /** The /ready verdict, as the health listener serves it. */
  ready(): HealthCheck;
  /** The heartbeat payload as it would be sent now. */
  heartbeat(): Promise<HeartbeatMessage['payload']>;
  stop(reason: string): Promise<void>;
  /** Settles once the agent has stopped. */
  done: Promise<void>;
}

export interface StartAgentOptions {
  env?: NodeJS.ProcessEnv;
  /** Observes proxied requests and channels besides the agent's own metrics. */
  observer?: ProxyObserver & ChannelObserver;
  /** Replaces audit.output (tests capture records in memory or stall them). */
  auditSink?: AuditSink;
  /** Overrides the identity store chosen from agent.state_store. */
  identityStore?: IdentityStore;
  /** API server probe period and staleness bound (ms); defaults 10 s and 30 s. */
  apiProbeInterval?: number;
  apiStaleAfter?: number;
  /** /health fails when the event loop's p99 delay exceeds this (ms, default 1000). */
  maxEventLoopDelay?: number;
}

export async function startAgent(config: AgentConfig, logger: Logger, options: StartAgentOptions = {}): Promise<RunningAgent> {
  const env = options.env ?? process.env;
  const instance = instanceId(env);
  const target = await createKubeTarget({ config: config.kubernetes, env, logger });
  logger.info({ mode: target.mode, server: target.origin, instance_id: instance }, 'API server target ready');

  const metrics = new AgentMetrics();
  let audit: AuditWriter | undefined;
  try {
    audit = await openAudit({ config: config.audit, logger, observer: metrics, ...(options.auditSink ? { sink: options.auditSink } : {}) });
  } catch (err) {
    await target.close();
    throw err;
  }
  const observer = combineObservers(metrics, options.observer, audit);
  const cluster = new ClusterStatus({
    target,
    logger,
    ...(options.apiProbeInterval !== undefined ? { probeInterval: options.apiProbeInterval } : {}),
    ...(options.apiStaleAfter !== undefined ? { staleAfter: options.apiStaleAfter } : {}),
  });
  const eventLoop = new EventLoopMonitor();
  const executor = new ProxyExecutor({ target, limits: config.proxy, logger, observer });
  const upgrades = new UpgradeExecutor({ target, limits: config.proxy, logger, observer });

  let identity: AgentIdentity;
  try {
    identity = await loadIdentity({
      config: config.agent,
      target,
      logger,
      env,
      defaultStateFile: DEFAULT_STATE_FILE,
      ...(options.identityStore ? { store: options.identityStore } : {}),
    });
  } catch (err) {
    await audit?.close();
    await target.close();
    throw err;
  }

  const socketBase: Omit<OutboundSocketOptions, 'name' | 'url' | 'token'> = {
    ...(config.pipeops.tls.ca_file ? { caFile: config.pipeops.tls.ca_file } : {}),
    insecureSkipVerify: config.pipeops.tls.insecure_skip_verify,
    compression: config.pipeops.compression,
    // ws closes a socket outright past maxPayload; leave room so frames just
    // over proxy.max_frame_bytes get a 413 instead.
    maxPayload: config.proxy.max_frame_bytes * 2 + 1024 * 1024,
    pingInterval: config.pipeops.ping_interval,
    handshakeTimeout: config.pipeops.timeout,
    reconnect: config.pipeops.reconnect,
    logger,
    channel: {
      executor,
      upgrades,
      limits: config.proxy,
      observer,
      // Large frames (list and log chunks) skip permessage-deflate: deflating them
      // costs more CPU than everything else the agent does to a byte.
      compressBelow: config.pipeops.compression_max_frame_bytes === 0 ? Infinity : config.pipeops.compression_max_frame_bytes + 1,
    },
  };

  const runners = new RunnerSet({
    socket: socketBase,
    logger,
    hello: (version) => ({
      agent_id: identity.agentId,
      cluster_id: identity.clusterId,
      cluster_name: config.agent.cluster_name,
      agent_version: AGENT_VERSION,
      capabilities: [...CAPABILITIES[version]],
      instance_id: instance,
    }),
    onConnected: (reconnect) => reconnect && metrics.reconnected('runner'),
    requireTls: config.pipeops.tls.enabled,
  });

  const heartbeat = (): Promise<HeartbeatMessage['payload']> =>
    heartbeatPayload({
      identity,
      cluster,
      controlPlaneConnected: () => controlPlane?.connected ?? false,
      runnersConnected: () => runners.connected,
      activeStreams,
      requestsPerMinute: () => metrics.requestsPerMinute(),
      instanceId: instance,
    });

  let controlPlane: ControlPlaneSession | undefined;
  if (config.pipeops.api_url) {
    controlPlane = new ControlPlaneSession({
      socket: { ...socketBase, token: () => config.pipeops.token },
      apiUrl: config.pipeops.api_url,
      logger,
      registerTimeout: config.pipeops.timeout,
      heartbeatInterval: config.agent.poll_interval,
      registerPayload: async (version) => ({
        agent_id: identity.agentId,
        agent_name: config.agent.name || hostname(),
        cluster_name: config.agent.cluster_name,
        labels: { ...config.agent.labels },
        agent_version: AGENT_VERSION,
        kubernetes_version: await cluster.version(),
        hostname: hostname(),
        capabilities: [...CAPABILITIES[version]],
        ...(identity.clusterId ? { cluster_id: identity.clusterId } : {}),
        instance_id: instance,
      }),
      heartbeatPayload: heartbeat,
      onRegistered: (payload) => void identity.setClusterId(payload.cluster_id),
      onRunners: (list) => {
        runners.update([...config.runners, ...list]).catch((err: unknown) => logger.error({ err }, 'updating runners failed'));
      },
      onConnected: (reconnect) => reconnect && metrics.reconnected('control_plane'),
      onRegisterFailed: () => metrics.registerFailed(),
      onHeartbeatSent: () => metrics.heartbeatSent(),
      onHeartbeatFailed: () => metrics.heartbeatFailed(),
    });
  }

  const activeStreams = (): number => runners.activeStreams + (controlPlane?.socket.channel?.activeStreams ?? 0);
  const maxDelay = (options.maxEventLoopDelay ?? 1000) / 1000;

  let draining = false;
  const ready = (): HealthCheck => readiness({ controlPlane, runners, apiProblem: cluster.problem, draining });
  const live = (): HealthCheck => liveness(eventLoop.current(), maxDelay);

  metrics.bind({
    cluster: () => cluster.lastCounts,
    controlPlaneConnected: () => controlPlane?.connected ?? false,
    registered: () => controlPlane?.registered ?? false,
    runnersConnected: () => runners.connected,
    activeStreams,
    sendBacklog: () => runners.backlogBytes + (controlPlane?.socket.channel?.backlogBytes ?? 0),
    eventLoop: () => eventLoop.current(),
    draining: () => draining,
    instanceId: () => instance,
  });

  const health = new HealthServer({ host: config.agent.host, port: config.agent.port, logger, live, ready, metrics });
  try {
    await health.listen();
  } catch (err) {
    await audit?.close();
    await target.close();
    throw new AgentError(
      'LISTEN_FAILED',
      `cannot listen on ${config.agent.host}:${config.agent.port} (agent.host, agent.port): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      { cause: err },
    );
  }
  eventLoop.start();
  cluster.start();

  controlPlane?.start();
  if (config.runners.length > 0) await runners.update(config.runners);
  if (!controlPlane && config.runners.length === 0) {
    logger.warn('neither pipeops.api_url nor a static runner is configured: the agent has nothing to connect to');
  }

  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      const drain = Math.max(1000, config.agent.shutdown_timeout - 2000);
      logger.info({ reason, grace_ms: drain }, 'stopping: draining');
      draining = true;
      // Tell every peer first, so it sends new requests to another replica; the
      // frame goes out ahead of any 503 the channels answer from now on.
      const announce = {
        type: 'draining' as const,
        payload: { agent_id: identity.agentId, cluster_id: identity.clusterId, instance_id: instance, grace_seconds: drain / 1000 },
      };
      for (const socket of [...(controlPlane ? [controlPlane.socket] : []), ...runners.sockets()]) {
        if (socket.connected) socket.channel?.sendSession(announce).catch(() => {});
      }
      cluster.stop();
      await Promise.allSettled([controlPlane?.stop(drain), runners.stop(drain)]);
      await health.close();
      // After the sockets: their drained requests still get their records.
      await audit?.close(1000);
      eventLoop.stop();
      await identity.flushed();
      await target.close();
      logger.info('stopped');
      resolveDone();
    })();
    return stopping;
  };
  return {
    target,
    identity,
    instanceId: instance,
    controlPlane,
    runners,
    cluster,
    metrics,
    audit,
    health,
    get draining() {
      return draining;
    },
    ready,
    heartbeat,
    stop,
    done,
  };
}
