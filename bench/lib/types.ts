// What a scenario is given and what it returns.
import type { AgentProcess } from '../../testkit/agent-process.ts';
import type { Peer } from '../../testkit/runner-peer/server.ts';
import type { DirectClient } from './direct-client.ts';

/** One upstream seen both ways: through an agent process and its Runner socket, and directly. */
export interface Paths {
  upstream: 'kube' | 'canned';
  compression: boolean;
  agent: AgentProcess;
  /** The protocol version the Runner selected. */
  protocol: 'v1' | 'v2';
  runner: Peer;
  direct: DirectClient;
  /** A small object, a few hundred bytes. */
  smallPath: string;
}

/** How a scenario names its upstream and protocol in titles and ids: "canned, v2". */
export function where(p: Pick<Paths, 'upstream' | 'protocol'>): string {
  return `${p.upstream}, ${p.protocol}`;
}

export interface Check {
  scenario: string;
  metric: string;
  tunnel?: number;
  direct?: number;
  /** The number compared with the target (a ratio when `ratio` is set). */
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≤ 1.3×". */
  target: string;
  /** true pass, false miss, null informational. */
  pass: boolean | null;
  ratio?: boolean;
  /** The limit, for the chart. */
  limit?: number;
  note?: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  checks: Check[];
  details: Record<string, unknown>;
}

export interface RunSettings {
  smoke: boolean;
  /** Repetitions of each A/B pair. */
  reps: number;
}

export function check(c: Omit<Check, 'pass'> & { pass?: boolean | null }, ok: boolean | null): Check {
  return { ...c, pass: c.pass === undefined ? ok : c.pass };
}
