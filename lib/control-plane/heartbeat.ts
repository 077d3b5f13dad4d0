// The heartbeat payload: who the agent is, what the cluster holds, what it is
// connected to and how busy its proxy is. A count that cannot be read now is the
// last one read, and the heartbeat then says degraded with the reason.
import type { ClusterCounts, ClusterStatus } from '../kube/cluster-status.ts';
import type { HeartbeatMessage } from '../protocol/types.ts';

const NO_COUNTS: ClusterCounts = { nodes: 0, pods: 0, deployments: 0, services: 0 };

export interface HeartbeatSources {
  identity: { agentId: string; clusterId: string };
  cluster: Pick<ClusterStatus, 'counts' | 'lastCounts' | 'problem'>;
  controlPlaneConnected: () => boolean;
  runnersConnected: () => number;
  activeStreams: () => number;
  requestsPerMinute: () => number;
  /** This replica (instance.ts); sent when given. */
  instanceId?: string;
  now?: () => Date;
}

export async function heartbeatPayload(s: HeartbeatSources): Promise<HeartbeatMessage['payload']> {
  let counts = s.cluster.lastCounts ?? NO_COUNTS;
  let reason: string | undefined;
  try {
    counts = await s.cluster.counts();
  } catch (err) {
    reason = `cannot count cluster objects: ${(err as Error).message}`;
  }
  reason ??= s.cluster.problem;
  return {
    agent_id: s.identity.agentId,
    cluster_id: s.identity.clusterId,
    timestamp: (s.now?.() ?? new Date()).toISOString(),
    status: reason ? 'degraded' : 'healthy',
    ...(reason ? { reason } : {}),
    cluster: counts,
    connections: { control_plane: s.controlPlaneConnected(), runners: s.runnersConnected() },
    proxy: { active_streams: s.activeStreams(), requests_per_minute: s.requestsPerMinute() },
    ...(s.instanceId === undefined ? {} : { instance_id: s.instanceId }),
  };
}
