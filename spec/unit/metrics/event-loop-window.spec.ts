import { expect } from 'chai';
import sinon from 'sinon';
import { SlidingCount } from '../../../lib/metrics/sliding-count.ts';
import { AgentMetrics } from '../../../lib/metrics/agent-metrics.ts';
import { EventLoopMonitor, readDelay } from '../../../lib/metrics/event-loop.ts';

describe('SlidingCount', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
  });

  afterEach(() => clock.restore());

  it('counts the events of the last minute, to the second', () => {
    const c = new SlidingCount();
    c.add();
    clock.tick(30_000);
    c.add(2);
    expect(c.total()).to.equal(3);
    clock.tick(29_999);
    expect(c.total()).to.equal(3);
    clock.tick(1);
    expect(c.total()).to.equal(2);
    clock.tick(30_000);
    expect(c.total()).to.equal(0);
  });

  it('keeps a fixed memory whatever the rate and does not count a bucket from a lap ago', () => {
    const c = new SlidingCount();
    for (let i = 0; i < 10_000; i++) c.add();
    clock.tick(60_000); // the same bucket index, one lap later
    expect(c.total()).to.equal(0);
    c.add();
    expect(c.total()).to.equal(1);
  });
});

describe('AgentMetrics', () => {
  it('reports requests_per_minute from finished requests over a sliding minute', () => {
    let now = 0;
    const m = new AgentMetrics({ defaultMetrics: false, now: () => now });
    for (let i = 0; i < 120; i++) {
      now = i * 500;
      m.requestFinished('GET', 200, 0.001);
    }
    expect(m.json().proxy.requests_per_minute).to.equal(120);
    now += 30_000;
    expect(m.json().proxy.requests_per_minute).to.equal(60);
  });

  it('reads zeros before it is bound to a running agent', () => {
    const m = new AgentMetrics({ defaultMetrics: false });
    expect(m.json()).to.deep.equal({
      cluster: { nodes: 0, pods: 0, deployments: 0, services: 0 },
      connections: { control_plane: false, runners: 0 },
      proxy: { active_streams: 0, requests_per_minute: 0 },
    });
  });

  it('uses its own registry, so two instances do not collide', async () => {
    const a = new AgentMetrics();
    const b = new AgentMetrics();
    a.frameInvalid();
    expect(await a.prometheus()).to.match(/pipeops_agent_frames_invalid_total 1/);
    expect(await b.prometheus()).to.match(/pipeops_agent_frames_invalid_total 0/);
  });
});

describe('EventLoopMonitor', () => {
  it('sees a blocked event loop', async () => {
    const m = new EventLoopMonitor({ resolutionMs: 10, windowMs: 60_000 });
    m.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const until = performance.now() + 200;
    while (performance.now() < until) {
      // block the loop
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const w = m.current();
    m.stop();
    expect(w.max).to.be.greaterThan(0.15);
    expect(w.p50).to.be.lessThan(0.15);
  });

  it('reads the sampler\'s intervals as delays: the part over the resolution, never below 0', () => {
    // A stand-in histogram: perf_hooks records each whole interval between its timer's runs.
    const ms = 1e6;
    const intervals = { 50: 20.4 * ms, 99: 21.1 * ms };
    const h = { count: 3, max: 250 * ms, percentile: (q: number) => intervals[q as 50 | 99] };
    const w = readDelay(h, 20 * ms);
    expect([w.p50, w.p99, w.max].map((s) => Math.round(s * 1e6) / 1e3)).to.deep.equal([0.4, 1.1, 230]);
    expect(readDelay({ ...h, percentile: () => 19.3 * ms }, 20 * ms).p50).to.equal(0);
    expect(readDelay({ ...h, count: 0 }, 20 * ms)).to.deep.equal({ p50: 0, p99: 0, max: 0 });
  });
});
