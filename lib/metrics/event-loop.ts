// Event-loop delay, measured by perf_hooks' sampler and read per window: the
// last complete window's max and p99 decide /health, and /metrics shows them.
// The sampler records the whole time between its timer's runs, resolution
// included (an idle loop sampled every 20 ms reads 20 ms): the delay is what
// exceeds the resolution.
import { monitorEventLoopDelay } from 'node:perf_hooks';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;

export interface EventLoopWindow {
  /** Seconds. */
  p50: number;
  p99: number;
  max: number;
}

export interface EventLoopMonitorOptions {
  /** Length of a window in ms. */
  windowMs?: number;
  /** Sampling resolution in ms. */
  resolutionMs?: number;
}

export class EventLoopMonitor {
  readonly #histogram: IntervalHistogram;
  readonly #windowMs: number;
  readonly #resolutionNs: number;
  #last: EventLoopWindow = { p50: 0, p99: 0, max: 0 };
  #timer: NodeJS.Timeout | undefined;

  constructor(options: EventLoopMonitorOptions = {}) {
    const resolutionMs = options.resolutionMs ?? 20;
    this.#histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#resolutionNs = resolutionMs * 1e6;
    this.#windowMs = options.windowMs ?? 10_000;
  }

  start(): void {
    if (this.#timer) return;
    this.#histogram.enable();
    this.#timer = setInterval(() => this.#rotate(), this.#windowMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#histogram.disable();
  }

  /** The worse of the last complete window and the current one (seconds). */
  current(): EventLoopWindow {
    const now = readDelay(this.#histogram, this.#resolutionNs);
    return { p50: Math.max(now.p50, this.#last.p50), p99: Math.max(now.p99, this.#last.p99), max: Math.max(now.max, this.#last.max) };
  }

  #rotate(): void {
    this.#last = readDelay(this.#histogram, this.#resolutionNs);
    this.#histogram.reset();
  }
}

/** What a window's intervals read as delays, in seconds: each interval less the sampling resolution, never below 0. */
export function readDelay(h: Pick<IntervalHistogram, 'count' | 'percentile' | 'max'>, resolutionNs: number): EventLoopWindow {
  if (h.count === 0) return { p50: 0, p99: 0, max: 0 };
  const delay = (intervalNs: number): number => Math.max(0, intervalNs - resolutionNs) / 1e9;
  return { p50: delay(h.percentile(50)), p99: delay(h.percentile(99)), max: delay(h.max) };
}
