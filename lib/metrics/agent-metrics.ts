// The agent's metrics: one object that is the proxy executor's and every
// channel's observer and the session's event sink, and that renders both
// formats /metrics serves — the reference design's JSON and Prometheus text
// from its own registry (prometheus.ts). Labels are bounded: verbs from a fixed
// list, status codes, socket kinds; never paths, ids or Runner names.
import { CONTENT_TYPE, Counter, Gauge, Histogram, Registry, addProcessMetrics } from './prometheus.ts';
import type { ProxyObserver } from '../proxy/executor.ts';
import type { ChannelObserver } from '../tunnel/channel.ts';
import type { AuditDropReason, AuditObserver } from '../audit/audit-writer.ts';
import type { ClusterCounts } from '../kube/cluster-status.ts';
import type { EventLoopWindow } from './event-loop.ts';
import { SlidingCount } from './sliding-count.ts';

/** What the metrics read from the running agent at scrape time. */
export interface MetricsState {
  cluster(): ClusterCounts | undefined;
  controlPlaneConnected(): boolean;
  registered(): boolean;
  runnersConnected(): number;
  activeStreams(): number;
  /** Bytes of frames waiting for their socket, over every socket. */
  sendBacklog(): number;
  eventLoop(): EventLoopWindow;
  /** True once the replica is shutting down (draining) and takes no new requests. */
  draining?(): boolean;
  /** This replica's instance_id. */
  instanceId?(): string;
}

/** The reference design's /metrics JSON. */
export interface MetricsJson {
  cluster: ClusterCounts;
  connections: { control_plane: boolean; runners: number };
  proxy: { active_streams: number; requests_per_minute: number };
}

export type SocketKind = 'control_plane' | 'runner';

const VERBS = new Set(['GET', 'LIST', 'WATCH', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

export interface AgentMetricsOptions {
  /** Adds the process and Node.js metrics (default true). */
  defaultMetrics?: boolean;
  now?: () => number;
}

export class AgentMetrics implements ProxyObserver, ChannelObserver, AuditObserver {
  readonly registry = new Registry();
  readonly #perMinute: SlidingCount;
  #state: MetricsState | undefined;
  readonly #requests: Counter;
  readonly #duration: Histogram;
  readonly #bytes: Counter;
  readonly #reconnects: Counter;
  readonly #heartbeatFailures: Counter;
  readonly #heartbeats: Counter;
  readonly #framesInvalid: Counter;
  readonly #refused: Counter;
  #upgradesOpen = 0;
  readonly #upgradeBytes: Counter;
  readonly #registerFailures: Counter;
  readonly #auditWritten: Counter;
  readonly #auditDropped: Counter;

  constructor(options: AgentMetricsOptions = {}) {
    this.#perMinute = new SlidingCount(options.now ? { now: options.now } : {});
    const r = this.registry;
    const state = (): MetricsState | undefined => this.#state;
    this.#requests = r.add(
      new Counter('pipeops_agent_proxy_requests_total', 'Proxied requests finished, by verb and HTTP status (0: the socket was lost before an answer).', true),
    );
    this.#duration = r.add(
      new Histogram(
        'pipeops_agent_proxy_request_duration_seconds',
        'Time from receiving a proxy frame to its terminal frame, by verb and status class (streams: their whole life).',
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      ),
    );
    this.#bytes = r.add(new Counter('pipeops_agent_proxy_bytes_total', 'Body bytes proxied: upstream = to the API server, downstream = from it.', true));
    this.#reconnects = r.add(new Counter('pipeops_agent_reconnects_total', 'Connections after the first, per socket kind.', true));
    this.#heartbeats = r.add(new Counter('pipeops_agent_heartbeats_total', 'Heartbeats sent.'));
    this.#heartbeatFailures = r.add(new Counter('pipeops_agent_heartbeat_failures_total', 'Heartbeats that could not be sent.'));
    this.#registerFailures = r.add(new Counter('pipeops_agent_register_failures_total', 'Registrations refused by the control plane or not answered in time.'));
    this.#framesInvalid = r.add(new Counter('pipeops_agent_frames_invalid_total', 'Inbound messages that failed validation (bad JSON, schema, unknown type).'));
    this.#refused = r.add(
      new Counter('pipeops_agent_frames_refused_total', 'Frames the agent answered itself with an error status (400, 403, 404, 409, 413, 429, 503).', true),
    );
    r.add(
      new Gauge('pipeops_agent_upgraded_streams', 'Upgraded streams (exec, attach, port-forward, proxied WebSockets) open on all sockets.', (set) =>
        set({}, this.#upgradesOpen),
      ),
    );
    this.#upgradeBytes = r.add(
      new Counter('pipeops_agent_upgraded_bytes_total', 'Bytes relayed on upgraded streams: upstream = to the API server, downstream = from it.', true),
    );
    this.#auditWritten = r.add(new Counter('pipeops_agent_audit_records_written_total', 'Audit records written to audit.output.'));
    this.#auditDropped = r.add(
      new Counter(
        'pipeops_agent_audit_records_dropped_total',
        'Audit records not written: queue_full (the output was slower than the traffic), write_error, closed (after shutdown).',
        true,
      ),
    );
    r.add(
      new Gauge(
        'pipeops_agent_send_backlog_bytes',
        'Bytes of frames waiting for their socket (not yet handed to it), over every socket; past the high-water mark the socket stops reading.',
        (set) => set({}, state()?.sendBacklog() ?? 0),
      ),
    );
    r.add(new Gauge('pipeops_agent_proxy_active_streams', 'Streams open on all sockets.', (set) => set({}, state()?.activeStreams() ?? 0)));
    r.add(new Gauge('pipeops_agent_control_plane_connected', '1 while the control-plane socket is open.', (set) => set({}, state()?.controlPlaneConnected() ? 1 : 0)));
    r.add(new Gauge('pipeops_agent_registered', '1 while the agent is registered with the control plane.', (set) => set({}, state()?.registered() ? 1 : 0)));
    r.add(new Gauge('pipeops_agent_draining', '1 while this replica is shutting down: it takes no new requests and is about to close.', (set) => set({}, state()?.draining?.() ? 1 : 0)));
    r.add(
      new Gauge('pipeops_agent_instance_info', 'Always 1; instance_id names this replica (POD_NAME, else host name and pid).', (set) => {
        const id = state()?.instanceId?.();
        if (id !== undefined) set({ instance_id: id }, 1);
      }, true),
    );
    r.add(new Gauge('pipeops_agent_runners_connected', 'Runner sockets open.', (set) => set({}, state()?.runnersConnected() ?? 0)));
    r.add(
      new Gauge(
        'pipeops_agent_cluster_objects',
        'Objects in the cluster at the last count, by kind.',
        (set) => {
          const counts = state()?.cluster();
          if (!counts) return;
          for (const [kind, n] of Object.entries(counts) as [string, number][]) set({ kind }, n);
        },
        true,
      ),
    );
    r.add(
      new Gauge(
        'pipeops_agent_event_loop_delay_seconds',
        'Event-loop delay over the last window (perf_hooks.monitorEventLoopDelay), by quantile.',
        (set) => {
          const w = state()?.eventLoop();
          if (!w) return;
          set({ quantile: '0.5' }, w.p50);
          set({ quantile: '0.99' }, w.p99);
          set({ quantile: '1' }, w.max);
        },
        true,
      ),
    );
    if (options.defaultMetrics ?? true) addProcessMetrics(r);
  }

  /** Connects the scrape-time readings; until then they read as zero. */
  bind(state: MetricsState): void {
    this.#state = state;
  }

  // ProxyObserver
  requestFinished(verb: string, status: number, seconds: number): void {
    const v = VERBS.has(verb) ? verb : 'OTHER';
    this.#requests.inc({ verb: v, code: String(status) });
    this.#duration.observe({ verb: v, status: statusClass(status) }, seconds);
    this.#perMinute.add();
  }

  bytesUpstream(n: number): void {
    this.#bytes.inc({ direction: 'upstream' }, n);
  }

  bytesDownstream(n: number): void {
    this.#bytes.inc({ direction: 'downstream' }, n);
  }

  upgradeStarted(): void {
    this.#upgradesOpen++;
  }

  upgradeEnded(): void {
    this.#upgradesOpen--;
  }

  upgradeBytes(direction: 'upstream' | 'downstream', n: number): void {
    this.#upgradeBytes.inc({ direction }, n);
  }

  // ChannelObserver
  frameInvalid(): void {
    this.#framesInvalid.inc();
  }

  refused(status: number): void {
    this.#refused.inc({ code: String(status) });
  }

  // AuditObserver
  auditWritten(n: number): void {
    this.#auditWritten.inc({}, n);
  }

  auditDropped(reason: AuditDropReason, n: number): void {
    this.#auditDropped.inc({ reason }, n);
  }

  // Session events
  reconnected(socket: SocketKind): void {
    this.#reconnects.inc({ socket });
  }

  heartbeatSent(): void {
    this.#heartbeats.inc();
  }

  heartbeatFailed(): void {
    this.#heartbeatFailures.inc();
  }

  registerFailed(): void {
    this.#registerFailures.inc();
  }

  /** Proxied requests finished in the last 60 s. */
  requestsPerMinute(): number {
    return this.#perMinute.total();
  }

  json(): MetricsJson {
    const s = this.#state;
    return {
      cluster: s?.cluster() ?? { nodes: 0, pods: 0, deployments: 0, services: 0 },
      connections: { control_plane: s?.controlPlaneConnected() ?? false, runners: s?.runnersConnected() ?? 0 },
      proxy: { active_streams: s?.activeStreams() ?? 0, requests_per_minute: this.requestsPerMinute() },
    };
  }

  /** Prometheus text exposition format 0.0.4. */
  prometheus(): Promise<string> {
    return Promise.resolve(this.registry.metrics());
  }

  get prometheusContentType(): string {
    return CONTENT_TYPE;
  }
}

function statusClass(status: number): string {
  if (status >= 100 && status < 600) return `${Math.floor(status / 100)}xx`;
  return 'none';
}
