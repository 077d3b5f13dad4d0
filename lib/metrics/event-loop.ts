// Event-loop delay, measured by perf_hooks' sampler and read per window: the
// last complete window's max and p99 decide /health, and /metrics shows them.
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
  #last: EventLoopWindow = { p50: 0, p99: 0, max: 0 };
  #timer: NodeJS.Timeout | undefined;

  constructor(options: EventLoopMonitorOptions = {}) {
    this.#histogram = monitorEventLoopDelay({ resolution: options.resolutionMs ?? 20 });
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
    const now = read(this.#histogram);
    return { p50: Math.max(now.p50, this.#last.p50), p99: Math.max(now.p99, this.#last.p99), max: Math.max(now.max, this.#last.max) };
  }

  #rotate(): void {
    this.#last = read(this.#histogram);
    this.#histogram.reset();
  }
}

function read(h: IntervalHistogram): EventLoopWindow {
  if (h.count === 0) return { p50: 0, p99: 0, max: 0 };
  return { p50: h.percentile(50) / 1e9, p99: h.percentile(99) / 1e9, max: h.max / 1e9 };
}
