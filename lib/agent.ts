// The composition root: wires the API server target, the proxy executor, the
// control-plane session, the Runner sockets and the health listener, and owns
// the order of shutdown. bin/agent.js (through lib/cli.ts) only calls this.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AgentConfig } from './config/types.ts';
import { createKubeTarget, type KubeTarget } from './kube/target.ts';
import { ProxyExecutor, type ProxyObserver } from './proxy/executor.ts';
import { ControlPlaneSession } from './control-plane/session.ts';
import { RunnerSet } from './control-plane/runner-set.ts';
import type { ChannelObserver } from './tunnel/channel.ts';
import type { OutboundSocketOptions } from './tunnel/outbound-socket.ts';
import { AGENT_VERSION } from './version.ts';
import { randomUUID } from 'node:crypto';

export const CAPABILITIES = ['k8s-proxy', 'stream', 'watch', 'cancel'];

export interface RunningAgent {
  readonly target: KubeTarget;
  readonly controlPlane: ControlPlaneSession | undefined;
  readonly runners: RunnerSet;
  stop(reason: string): Promise<void>;
  /** Settles once the agent has stopped. */
  done: Promise<void>;
}

export interface StartAgentOptions {
  env?: NodeJS.ProcessEnv;
  observer?: ProxyObserver & ChannelObserver;
}

export async function startAgent(config: AgentConfig, logger: Logger, options: StartAgentOptions = {}): Promise<RunningAgent> {
  const env = options.env ?? process.env;
  const target = await createKubeTarget({ config: config.kubernetes, env, logger });
  logger.info({ mode: target.mode, server: target.origin }, 'API server target ready');
  const executor = new ProxyExecutor({ target, limits: config.proxy, logger, ...(options.observer ? { observer: options.observer } : {}) });

  const agentId = config.agent.id || randomUUID();
  let clusterId = '';
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
      limits: config.proxy,
      ...(options.observer ? { observer: options.observer } : {}),
    },
  };

  const runners = new RunnerSet({
    socket: socketBase,
    logger,
    hello: () => ({
      agent_id: agentId,
      cluster_id: clusterId,
      cluster_name: config.agent.cluster_name,
      agent_version: AGENT_VERSION,
      capabilities: CAPABILITIES,
    }),
  });

  let controlPlane: ControlPlaneSession | undefined;
  if (config.pipeops.api_url) {
    controlPlane = new ControlPlaneSession({
      socket: { ...socketBase, token: () => config.pipeops.token },
      apiUrl: config.pipeops.api_url,
      logger,
      registerTimeout: config.pipeops.timeout,
      heartbeatInterval: config.agent.poll_interval,
      registerPayload: async () => ({
        agent_id: agentId,
        agent_name: config.agent.name || hostname(),
        cluster_name: config.agent.cluster_name,
        labels: { ...config.agent.labels },
        agent_version: AGENT_VERSION,
        kubernetes_version: await kubernetesVersion(target),
        hostname: hostname(),
        capabilities: CAPABILITIES,
        ...(clusterId ? { cluster_id: clusterId } : {}),
      }),
      heartbeatPayload: async () => ({
        agent_id: agentId,
        cluster_id: clusterId,
        timestamp: new Date().toISOString(),
        status: 'healthy',
        cluster: await countObjects(target),
        connections: { control_plane: controlPlane?.connected ?? false, runners: runners.connected },
        proxy: { active_streams: activeStreams(), requests_per_minute: 0 },
      }),
      onRegistered: (payload) => {
        clusterId = payload.cluster_id;
      },
      onRunners: (list) => {
        runners.update([...config.runners, ...list]).catch((err: unknown) => logger.error({ err }, 'updating runners failed'));
      },
    });
  }

  const activeStreams = (): number => runners.activeStreams + (controlPlane?.socket.channel?.activeStreams ?? 0);

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
      logger.info({ reason }, 'stopping');
      const drain = Math.max(1000, config.agent.shutdown_timeout - 2000);
      await Promise.allSettled([controlPlane?.stop(drain), runners.stop(drain)]);
      await target.close();
      logger.info('stopped');
      resolveDone();
    })();
    return stopping;
  };
  return { target, controlPlane, runners, stop, done };
}

async function kubernetesVersion(target: KubeTarget): Promise<string> {
  try {
    const res = await target.dispatcher.request({
      path: '/version',
      method: 'GET',
      headers: target.authHeaders(),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.body.json()) as { gitVersion?: string };
    return res.statusCode === 200 ? (body.gitVersion ?? 'unknown') : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Counts with limit=1 lists: the API server reports the rest as remainingItemCount, so no full list is read. */
async function countObjects(target: KubeTarget): Promise<{ nodes: number; pods: number; deployments: number; services: number }> {
  const count = async (path: string): Promise<number> => {
    const res = await target.dispatcher.request({
      path: `${path}?limit=1`,
      method: 'GET',
      headers: { ...target.authHeaders(), accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.body.json()) as { items?: unknown[]; metadata?: { remainingItemCount?: number } };
    if (res.statusCode !== 200) return 0;
    return (body.items?.length ?? 0) + (body.metadata?.remainingItemCount ?? 0);
  };
  const [nodes, pods, deployments, services] = await Promise.all([
    count('/api/v1/nodes'),
    count('/api/v1/pods'),
    count('/apis/apps/v1/deployments'),
    count('/api/v1/services'),
  ]);
  return { nodes, pods, deployments, services };
}
