// The agents connected to one Runner, and how a target picks one of them: by agent id,
// cluster id or instance id, preferring a replica that serves (connected, not draining)
// with the fewest requests pending. Waiting for an agent means waiting for the next
// matching `hello`.
import type { AgentConnection } from './agent-connection.ts';
import { Waiters } from './waiters.ts';

/** Which agent to talk to; empty means the first one connected. */
export interface AgentTarget {
  agentId?: string;
  clusterId?: string;
  /** One replica of the agent. */
  instanceId?: string;
}

export class AgentDirectory {
  readonly #connections = new Set<AgentConnection>();
  readonly #hellos = new Waiters<AgentTarget, AgentConnection>();

  all(): AgentConnection[] {
    return [...this.#connections];
  }

  /** Lists an agent that said hello and hands it to whoever waits for it. */
  add(connection: AgentConnection): void {
    // A replica's new socket replaces its old one; other replicas of the same agent keep theirs.
    for (const other of this.#connections) {
      if (other.agentId === connection.agentId && other.instanceId === connection.instanceId) {
        other.close(4000, 'replaced by a newer connection');
      }
    }
    this.#connections.add(connection);
    this.#hellos.settle(connection, (target) => matches(connection, target));
  }

  delete(connection: AgentConnection): void {
    this.#connections.delete(connection);
  }

  /** A matching replica: a serving one with the fewest pending requests, else any. */
  find(target: AgentTarget = {}): AgentConnection | undefined {
    const matching = [...this.#connections].filter((c) => matches(c, target));
    const serving = matching.filter((c) => c.serving).sort((a, b) => a.pending - b.pending);
    return serving[0] ?? matching[0];
  }

  /** The matching agent; throws when none is connected. */
  agent(target: AgentTarget = {}): AgentConnection {
    const found = this.find(target);
    if (found === undefined) throw new Error(`no agent connected${describe(target)}`);
    return found;
  }

  /** The matching agent: at once if connected, else after its `hello` (within timeoutMs). */
  waitFor(target: AgentTarget, timeoutMs: number): Promise<AgentConnection> {
    const ready = this.find(target);
    return ready !== undefined ? Promise.resolve(ready) : this.#nextHello(target, timeoutMs, 'no agent said hello');
  }

  /** A serving replica, waiting (up to waitMs) for one to say hello when none serves. */
  serving(target: AgentTarget, waitMs: number): Promise<AgentConnection> {
    const found = this.find(target);
    if (found?.serving === true) return Promise.resolve(found);
    if (waitMs <= 0) return Promise.reject(new Error(`no serving agent replica${describe(target)}`));
    return this.#nextHello(target, waitMs, 'no serving agent replica');
  }

  /** The next matching agent to say hello, within timeoutMs. */
  #nextHello(target: AgentTarget, timeoutMs: number, failure: string): Promise<AgentConnection> {
    return this.#hellos.next(target, timeoutMs, `${failure}${describe(target)} within ${timeoutMs} ms`);
  }
}

/** A target from optional parts, without keys for the parts left out. */
export function agentTarget(agentId: string | undefined, clusterId: string | undefined, instanceId?: string): AgentTarget {
  return {
    ...(agentId === undefined ? {} : { agentId }),
    ...(clusterId === undefined ? {} : { clusterId }),
    ...(instanceId === undefined ? {} : { instanceId }),
  };
}

function matches(connection: AgentConnection, target: AgentTarget): boolean {
  return (
    (target.agentId === undefined || connection.agentId === target.agentId) &&
    (target.clusterId === undefined || connection.clusterId === target.clusterId) &&
    (target.instanceId === undefined || connection.instanceId === target.instanceId)
  );
}

function describe(target: AgentTarget): string {
  const parts = [
    target.agentId === undefined ? '' : `agent_id=${target.agentId}`,
    target.clusterId === undefined ? '' : `cluster_id=${target.clusterId}`,
    target.instanceId === undefined ? '' : `instance_id=${target.instanceId}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
