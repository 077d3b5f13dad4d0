// A small Prometheus registry: counters, gauges read at scrape time, histograms, and the process and Node.js
// metrics, rendered as text exposition format 0.0.4. It stands in for prom-client, which cost an idle agent about
// 8 MiB of RSS (its default collectors, cluster aggregation, summaries) for the dozen metrics the agent has.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

interface Metric {
  render(): string;
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels);
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

/**
 * A series' map key: names and values joined with control characters that
 * label values do not hold. Cheaper than labelText (no escaping, no arrays),
 * which matters because counters are bumped on every request and chunk.
 */
function seriesKey(labels: Labels): string {
  let key = '';
  for (const k in labels) key += `${k}\u0001${labels[k]}\u0002`;
  return key;
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}\n# TYPE ${name} ${type}\n`;
}

/** Series keyed by their label set; a metric without labels always has its one series. */
class Series<T> {
  readonly #values = new Map<string, { labels: Labels; value: T }>();
  readonly #labelled: boolean;
  readonly #initial: () => T;
  constructor(labelled: boolean, initial: () => T) {
    this.#labelled = labelled;
    this.#initial = initial;
    if (!labelled) this.get({});
  }

  get(labels: Labels): T {
    const key = seriesKey(labels);
    let entry = this.#values.get(key);
    if (entry === undefined) {
      entry = { labels, value: this.#initial() };
      this.#values.set(key, entry);
    }
    return entry.value;
  }

  set(labels: Labels, value: T): void {
    this.#values.set(seriesKey(labels), { labels, value });
  }

  entries(): Iterable<{ labels: Labels; value: T }> {
    return this.#values.values();
  }

  clear(): void {
    this.#values.clear();
    if (!this.#labelled) this.get({});
  }
}

export class Counter implements Metric {
  readonly #series: Series<{ n: number }>;
  readonly name: string;
  readonly help: string;
  constructor(name: string, help: string, labelled = false) {
    this.name = name;
    this.help = help;
    this.#series = new Series(labelled, () => ({ n: 0 }));
  }

  inc(labels: Labels = {}, by = 1): void {
    this.#series.get(labels).n += by;
  }

  render(): string {
    let out = header(this.name, this.help, 'counter');
    for (const { labels, value } of this.#series.entries()) out += `${this.name}${labelText(labels)} ${value.n}\n`;
    return out;
  }
}

/** A gauge whose values are read when scraped. */
export class Gauge implements Metric {
  readonly #series: Series<number>;
  readonly name: string;
  readonly help: string;
  readonly #read: (set: (labels: Labels, value: number) => void) => void;
  constructor(name: string, help: string, read: (set: (labels: Labels, value: number) => void) => void, labelled = false) {
    this.name = name;
    this.help = help;
    this.#read = read;
    this.#series = new Series(labelled, () => 0);
  }

  render(): string {
    this.#series.clear();
    this.#read((labels, value) => this.#series.set(labels, value));
    let out = header(this.name, this.help, 'gauge');
    for (const { labels, value } of this.#series.entries()) out += `${this.name}${labelText(labels)} ${value}\n`;
    return out;
  }
}

export class Histogram implements Metric {
  readonly #series: Series<{ counts: number[]; sum: number; count: number }>;
  readonly name: string;
  readonly help: string;
  readonly #buckets: readonly number[];
  constructor(name: string, help: string, buckets: readonly number[]) {
    this.name = name;
    this.help = help;
    this.#buckets = buckets;
    this.#series = new Series(true, () => ({ counts: buckets.map(() => 0), sum: 0, count: 0 }));
  }

  observe(labels: Labels, value: number): void {
    const s = this.#series.get(labels);
    for (let i = 0; i < this.#buckets.length; i++) if (value <= this.#buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  render(): string {
    let out = header(this.name, this.help, 'histogram');
    for (const { labels, value } of this.#series.entries()) {
      this.#buckets.forEach((le, i) => {
        out += `${this.name}_bucket${labelText({ le: String(le), ...labels })} ${value.counts[i]}\n`;
      });
      out += `${this.name}_bucket${labelText({ le: '+Inf', ...labels })} ${value.count}\n`;
      out += `${this.name}_sum${labelText(labels)} ${value.sum}\n${this.name}_count${labelText(labels)} ${value.count}\n`;
    }
    return out;
  }
}

export class Registry {
  readonly #metrics: Metric[] = [];

  add<M extends Metric>(metric: M): M {
    this.#metrics.push(metric);
    return metric;
  }

  metrics(): string {
    return this.#metrics.map((m) => m.render()).join('\n');
  }
}

/** The process and Node.js metrics under prom-client's names, so dashboards keep working. */
export function addProcessMetrics(registry: Registry): void {
  const startTime = Math.round(Date.now() / 1000 - process.uptime());
  const cpu = (pick: (u: NodeJS.CpuUsage) => number) => (set: (l: Labels, v: number) => void) => set({}, pick(process.cpuUsage()) / 1e6);
  const counter = (name: string, help: string, read: (set: (l: Labels, v: number) => void) => void): void => {
    // Counters read from the process: rendered as gauges are, typed counter.
    const g = new Gauge(name, help, read);
    registry.add({ render: () => g.render().replace(`# TYPE ${name} gauge`, `# TYPE ${name} counter`) });
  };
  counter('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', cpu((u) => u.user));
  counter('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', cpu((u) => u.system));
  counter('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', cpu((u) => u.user + u.system));
  registry.add(new Gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', (set) => set({}, startTime)));
  registry.add(new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', (set) => set({}, process.memoryUsage.rss())));
  const heap = (name: string, help: string, pick: (h: ReturnType<typeof getHeapStatistics>) => number): void => {
    registry.add(new Gauge(name, help, (set) => set({}, pick(getHeapStatistics()))));
  };
  heap('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', (h) => h.total_heap_size);
  heap('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', (h) => h.used_heap_size);
  heap('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', (h) => h.external_memory);
  for (const [suffix, key] of [['total', 'space_size'], ['used', 'space_used_size'], ['available', 'space_available_size']] as const) {
    registry.add(
      new Gauge(`nodejs_heap_space_size_${suffix}_bytes`, `Process heap space size ${suffix} from Node.js in bytes.`, (set) => {
        for (const s of getHeapSpaceStatistics()) set({ space: s.space_name.replace(/_space$/, '') }, s[key]);
      }, true),
    );
  }
  const [major, minor, patch] = process.versions.node.split('.');
  registry.add(
    new Gauge('nodejs_version_info', 'Node.js version info.', (set) => set({ version: process.version, major: major, minor: minor, patch: patch }, 1), true),
  );
}
