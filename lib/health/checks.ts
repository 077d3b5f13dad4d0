// What /ready and /health decide, in one place. Readiness: the agent can take
// requests (registered with the control plane, or with no control plane a static
// Runner connected) and the API server answered recently. Liveness: the event
// loop is responsive; a wedged loop is the one state a restart fixes.
import type { EventLoopWindow } from '../metrics/event-loop.ts';
import type { HealthCheck } from './health-server.ts';

export interface ReadinessInputs {
  /** Undefined when no control plane is configured. */
  controlPlane: { connected: boolean; registered: boolean } | undefined;
  runners: { connected: number; size: number };
  /** Why the API server is not usable right now, if it is not. */
  apiProblem: string | undefined;
  /** The replica is shutting down (SIGTERM): it takes no new requests. */
  draining?: boolean;
}

export function readiness({ controlPlane, runners, apiProblem, draining }: ReadinessInputs): HealthCheck {
  const reasons: string[] = [];
  if (draining) reasons.push('draining: this replica is shutting down and takes no new requests');
  if (controlPlane) {
    if (!controlPlane.connected) reasons.push('not connected to the control plane');
    else if (!controlPlane.registered) reasons.push('connected to the control plane but not registered');
  } else if (runners.connected === 0) {
    reasons.push(runners.size === 0 ? 'nothing to connect to: no control plane and no static runner' : 'no static runner is connected');
  }
  if (apiProblem) reasons.push(apiProblem);
  return { ok: reasons.length === 0, reasons };
}

/** Live while the event loop's p99 delay over the last window is at most `maxDelaySeconds`. */
export function liveness(window: EventLoopWindow, maxDelaySeconds: number): HealthCheck {
  if (window.p99 > maxDelaySeconds) {
    return { ok: false, reasons: [`event-loop delay p99 ${window.p99.toFixed(3)}s is over ${maxDelaySeconds}s`] };
  }
  return { ok: true, reasons: [] };
}
