// The agent's Prometheus registry, read back by a strict parser of the text format: what a scraper sees.
import { expect } from 'chai';
import { Counter, Gauge, Histogram, Registry, addProcessMetrics } from '../../../lib/metrics/prometheus.ts';
import { parsePrometheus, sampleValue } from '../../support/prometheus-text.ts';

describe('Prometheus registry', () => {
  it('renders counters with and without labels, escaping label values', () => {
    const r = new Registry();
    const plain = r.add(new Counter('a_total', 'Plain.'));
    const labelled = r.add(new Counter('b_total', 'Labelled.', true));
    plain.inc();
    labelled.inc({ code: '200' }, 3);
    labelled.inc({ code: 'q"\\\n' });
    const f = parsePrometheus(r.metrics());
    expect(f.get('a_total')?.type).to.equal('counter');
    expect(sampleValue(f, 'a_total')).to.equal(1);
    expect(sampleValue(f, 'b_total', { code: '200' })).to.equal(3);
    expect(sampleValue(f, 'b_total', { code: 'q"\\\n' })).to.equal(1);
  });

  it('shows a labelled counter with no series yet as a family without samples, a plain one as 0', () => {
    const r = new Registry();
    r.add(new Counter('a_total', 'Plain.'));
    r.add(new Counter('b_total', 'Labelled.', true));
    const f = parsePrometheus(r.metrics());
    expect(sampleValue(f, 'a_total')).to.equal(0);
    expect(f.get('b_total')?.samples).to.deep.equal([]);
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', () => {
    const r = new Registry();
    const h = r.add(new Histogram('d_seconds', 'Durations.', [0.1, 1]));
    h.observe({ verb: 'GET' }, 0.05);
    h.observe({ verb: 'GET' }, 0.5);
    h.observe({ verb: 'GET' }, 5);
    const f = parsePrometheus(r.metrics());
    expect(f.get('d_seconds')?.type).to.equal('histogram');
    expect(sampleValue(f, 'd_seconds_bucket', { le: '0.1', verb: 'GET' })).to.equal(1);
    expect(sampleValue(f, 'd_seconds_bucket', { le: '1', verb: 'GET' })).to.equal(2);
    expect(sampleValue(f, 'd_seconds_bucket', { le: '+Inf', verb: 'GET' })).to.equal(3);
    expect(sampleValue(f, 'd_seconds_sum', { verb: 'GET' })).to.be.closeTo(5.55, 1e-9);
    expect(sampleValue(f, 'd_seconds_count', { verb: 'GET' })).to.equal(3);
  });

  it('reads gauges at scrape time, dropping series that are gone', () => {
    const r = new Registry();
    let kinds: Record<string, number> = { pods: 2, nodes: 1 };
    r.add(new Gauge('g', 'Gauge.', (set) => Object.entries(kinds).forEach(([kind, n]) => set({ kind }, n)), true));
    expect(sampleValue(parsePrometheus(r.metrics()), 'g', { kind: 'pods' })).to.equal(2);
    kinds = { nodes: 4 };
    const f = parsePrometheus(r.metrics());
    expect(sampleValue(f, 'g', { kind: 'nodes' })).to.equal(4);
    expect(sampleValue(f, 'g', { kind: 'pods' })).to.equal(undefined);
  });

  it('has the process and Node.js metrics under prom-client names and types', () => {
    const r = new Registry();
    addProcessMetrics(r);
    const f = parsePrometheus(r.metrics());
    expect(f.get('process_cpu_user_seconds_total')?.type).to.equal('counter');
    expect(sampleValue(f, 'process_resident_memory_bytes')).to.be.above(1024 * 1024);
    expect(sampleValue(f, 'nodejs_heap_size_used_bytes')).to.be.above(0);
    expect(sampleValue(f, 'nodejs_heap_space_size_used_bytes', { space: 'old' })).to.be.above(0);
    expect(f.get('nodejs_version_info')?.samples[0]?.labels.version).to.equal(process.version);
  });
});
