// What the reference control plane knows about agents: one record per agent_id (its
// cluster id, last register, heartbeat count) and one per replica (agent_id plus
// instance_id: connected, draining, its own heartbeats). Records outlive sockets, so a
// restarted agent keeps its cluster id and GET /agents still lists it, disconnected.
import { randomUUID } from 'node:crypto';
import type { HeartbeatMessage, RegisterMessage } from '../../lib/protocol/types.ts';

export interface HeartbeatRecord {
  receivedAt: Date;
  payload: HeartbeatMessage['payload'];
}

export interface AgentRecord {
  agentId: string;
  clusterId: string;
  register: RegisterMessage['payload'];
  connected: boolean;
  registeredAt: Date;
  heartbeats: number;
  lastHeartbeat: HeartbeatRecord | undefined;
}

/** One replica of an agent, as its socket and its heartbeats describe it. */
export interface InstanceRecord {
  agentId: string;
  /** The register's instance_id; '' from an agent that sends none. */
  instanceId: string;
  clusterId: string;
  connected: boolean;
  /** It said `draining`: it takes no new requests and is about to close. */
  draining: boolean;
  heartbeats: number;
  lastHeartbeat: HeartbeatRecord | undefined;
}

export class AgentRegistry {
  readonly #records = new Map<string, AgentRecord>();
  readonly #instances = new Map<string, InstanceRecord>(); // JSON [agent_id, instance_id] → replica

  agents(): AgentRecord[] {
    return [...this.#records.values()];
  }

  /** Every replica seen, connected or not, in the order they first registered. */
  instances(): InstanceRecord[] {
    return [...this.#instances.values()];
  }

  get(agentId: string): AgentRecord | undefined {
    return this.#records.get(agentId);
  }

  /** Records a register: the agent (connected again) and the replica that sent it. */
  register(payload: RegisterMessage['payload']): { record: AgentRecord; instance: InstanceRecord } {
    const { agent_id: agentId } = payload;
    const known = this.#records.get(agentId);
    // The agent's own cluster_id wins: it is how a restarted agent keeps its cluster.
    const clusterId = payload.cluster_id ?? known?.clusterId ?? `cluster-${randomUUID()}`;
    const instanceId = payload.instance_id ?? '';
    const instanceKey = JSON.stringify([agentId, instanceId]);
    const instance: InstanceRecord = this.#instances.get(instanceKey) ?? {
      agentId,
      instanceId,
      clusterId,
      connected: true,
      draining: false,
      heartbeats: 0,
      lastHeartbeat: undefined,
    };
    Object.assign(instance, { clusterId, connected: true, draining: false });
    this.#instances.set(instanceKey, instance);
    const record: AgentRecord = {
      agentId,
      clusterId,
      register: payload,
      connected: true,
      registeredAt: new Date(),
      heartbeats: known?.heartbeats ?? 0,
      lastHeartbeat: known?.lastHeartbeat,
    };
    this.#records.set(agentId, record);
    return { record, instance };
  }

  /** Counts a heartbeat for the agent and, when known, the replica that sent it. */
  heartbeat(record: AgentRecord, instance: InstanceRecord | undefined, payload: HeartbeatMessage['payload']): HeartbeatRecord {
    const heartbeat: HeartbeatRecord = { receivedAt: new Date(), payload };
    record.heartbeats += 1;
    record.lastHeartbeat = heartbeat;
    if (instance !== undefined) {
      instance.heartbeats += 1;
      instance.lastHeartbeat = heartbeat;
    }
    return heartbeat;
  }
}
