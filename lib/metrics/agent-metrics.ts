// The agent's metrics: one object that is the proxy executor's and every
// channel's observer and the session's event sink, and that renders both
// formats /metrics serves — the reference design's JSON and Prometheus text
// from a dedicated prom-client Registry. Labels are bounded: verbs from a fixed
// list, status codes, socket kinds; never paths, ids or Runner names.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProxyObserver } from '../proxy/executor.ts';
import type { ChannelObserver } from '../tunnel/channel.ts';
import type { AuditDropReason, AuditObserver } from '../audit/audit-writer.ts';
import type { ClusterCounts } from '../control-plane/cluster-status.ts';
import type { EventLoopWindow } from '../health/event-loop.ts';
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
}

/** The reference design's /metrics JSON. */
export interface MetricsJson {
  cluster: ClusterCounts;
  connections: { control_plane: boolean; runners: number };
  proxy: { active_streams: number; requests_per_minute: number };
}

export type SocketKind = 'control_plane' | 'runner';

const VERBS = new Set(['GET', 'LIST', 'WATCH', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'UPGRADE']);

export interface AgentMetricsOptions {
  /** Adds prom-client's process and Node.js metrics (default true). */
  defaultMetrics?: boolean;
  now?: () => number;
}

export class AgentMetrics implements ProxyObserver, ChannelObserver, AuditObserver {
  readonly registry = new Registry();
  readonly #perMinute: SlidingCount;
  #state: MetricsState | undefined;
  readonly #requests: Counter<'verb' | 'code'>;
  readonly #duration: Histogram<'verb' | 'status'>;
  readonly #bytes: Counter<'direction'>;
  readonly #reconnects: Counter<'socket'>;
  readonly #heartbeatFailures: Counter;
  readonly #heartbeats: Counter;
  readonly #framesInvalid: Counter;
  readonly #refused: Counter<'code'>;
  readonly #upgradesOpen: Gauge;
  readonly #upgradeBytes: Counter<'direction'>;
  readonly #registerFailures: Counter;
  readonly #auditWritten: Counter;
  readonly #auditDropped: Counter<'reason'>;

  constructor(options: AgentMetricsOptions = {}) {
    this.#perMinute = new SlidingCount(options.now ? { now: options.now } : {});
    const registers = [this.registry];
    const state = (): MetricsState | undefined => this.#state;
    this.#requests = new Counter({
      name: 'pipeops_agent_proxy_requests_total',
      help: 'Proxied requests finished, by verb and HTTP status (0: the socket was lost before an answer).',
      labelNames: ['verb', 'code'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'pipeops_agent_proxy_request_duration_seconds',
      help: 'Time from receiving a proxy frame to its terminal frame, by verb and status class (streams: their whole life).',
      labelNames: ['verb', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.#bytes = new Counter({
      name: 'pipeops_agent_proxy_bytes_total',
      help: 'Body bytes proxied: upstream = to the API server, downstream = from it.',
      labelNames: ['direction'],
      registers,
    });
    this.#reconnects = new Counter({
      name: 'pipeops_agent_reconnects_total',
      help: 'Connections after the first, per socket kind.',
      labelNames: ['socket'],
      registers,
    });
    this.#heartbeats = new Counter({ name: 'pipeops_agent_heartbeats_total', help: 'Heartbeats sent.', registers });
    this.#heartbeatFailures = new Counter({
      name: 'pipeops_agent_heartbeat_failures_total',
      help: 'Heartbeats that could not be sent.',
      registers,
    });
    this.#registerFailures = new Counter({
      name: 'pipeops_agent_register_failures_total',
      help: 'Registrations refused by the control plane or not answered in time.',
      registers,
    });
    this.#framesInvalid = new Counter({
      name: 'pipeops_agent_frames_invalid_total',
      help: 'Inbound messages that failed validation (bad JSON, schema, unknown type).',
      registers,
    });
    this.#refused = new Counter({
      name: 'pipeops_agent_frames_refused_total',
      help: 'Frames the agent answered itself with an error status (400, 403, 404, 409, 413, 429, 503).',
      labelNames: ['code'],
      registers,
    });
    this.#upgradesOpen = new Gauge({
      name: 'pipeops_agent_upgraded_streams',
      help: 'Upgraded streams (exec, attach, port-forward, proxied WebSockets) open on all sockets.',
      registers,
    });
    this.#upgradeBytes = new Counter({
      name: 'pipeops_agent_upgraded_bytes_total',
      help: 'Bytes relayed on upgraded streams: upstream = to the API server, downstream = from it.',
      labelNames: ['direction'],
      registers,
    });
    this.#auditWritten = new Counter({
      name: 'pipeops_agent_audit_records_written_total',
      help: 'Audit records written to audit.output.',
      registers,
    });
    this.#auditDropped = new Counter({
      name: 'pipeops_agent_audit_records_dropped_total',
      help: 'Audit records not written: queue_full (the output was slower than the traffic), write_error, closed (after shutdown).',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'pipeops_agent_proxy_active_streams',
      help: 'Streams open on all sockets.',
      registers,
      collect() {
        this.set(state()?.activeStreams() ?? 0);
      },
    });
    new Gauge({
      name: 'pipeops_agent_send_backlog_bytes',
      help: 'Bytes of frames waiting for their socket (not yet handed to it), over every socket; past the high-water mark the socket stops reading.',
      registers,
      collect() {
        this.set(state()?.sendBacklog() ?? 0);
      },
    });
    new Gauge({
      name: 'pipeops_agent_control_plane_connected',
      help: '1 while the control-plane socket is open.',
      registers,
      collect() {
        this.set(state()?.controlPlaneConnected() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'pipeops_agent_registered',
      help: '1 while the agent is registered with the control plane.',
      registers,
      collect() {
        this.set(state()?.registered() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'pipeops_agent_runners_connected',
      help: 'Runner sockets open.',
      registers,
      collect() {
        this.set(state()?.runnersConnected() ?? 0);
      },
    });
    new Gauge({
      name: 'pipeops_agent_cluster_objects',
      help: 'Objects in the cluster at the last count, by kind.',
      labelNames: ['kind'],
      registers,
      collect() {
        const counts = state()?.cluster();
        if (!counts) return;
        for (const [kind, n] of Object.entries(counts) as [string, number][]) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: 'pipeops_agent_event_loop_delay_seconds',
      help: 'Event-loop delay over the last window (perf_hooks.monitorEventLoopDelay), by quantile.',
      labelNames: ['quantile'],
      registers,
      collect() {
        const w = state()?.eventLoop();
        if (!w) return;
        this.set({ quantile: '0.5' }, w.p50);
        this.set({ quantile: '0.99' }, w.p99);
        this.set({ quantile: '1' }, w.max);
      },
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
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
    this.#upgradesOpen.inc();
  }

  upgradeEnded(): void {
    this.#upgradesOpen.dec();
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
    this.#auditWritten.inc(n);
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
    return this.registry.metrics();
  }

  get prometheusContentType(): string {
    return this.registry.contentType;
  }
}

function statusClass(status: number): string {
  if (status >= 100 && status < 600) return `${Math.floor(status / 100)}xx`;
  return 'none';
}
