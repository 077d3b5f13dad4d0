import { expect } from 'chai';
import { request } from 'undici';
import { HealthServer, wantsPrometheus, type HealthCheck } from '../../../lib/health/health-server.ts';
import { AgentMetrics, type MetricsState } from '../../../lib/metrics/agent-metrics.ts';
import { logSink, type LogSink } from '../../support/log-sink.ts';
import { parsePrometheus, sampleValue } from '../../support/prometheus-text.ts';

describe('HealthServer', () => {
  let server: HealthServer;
  let metrics: AgentMetrics;
  let live: HealthCheck;
  let ready: HealthCheck;
  let sink: LogSink;
  let state: MetricsState;

  beforeEach(async () => {
    sink = logSink();
    live = { ok: true, reasons: [] };
    ready = { ok: false, reasons: ['not connected to the control plane'] };
    metrics = new AgentMetrics({ defaultMetrics: false });
    state = {
      cluster: () => ({ nodes: 3, pods: 45, deployments: 12, services: 8 }),
      controlPlaneConnected: () => true,
      registered: () => true,
      runnersConnected: () => 2,
      sendBacklog: () => 0,
      activeStreams: () => 5,
      eventLoop: () => ({ p50: 0.01, p99: 0.02, max: 0.05 }),
    };
    metrics.bind(state);
    server = new HealthServer({ host: '127.0.0.1', port: 0, logger: sink.logger, live: () => live, ready: () => ready, metrics });
    await server.listen();
  });

  afterEach(() => server.close());

  const get = async (path: string, init: { method?: 'GET' | 'HEAD' | 'POST' | 'DELETE'; accept?: string } = {}): Promise<{ status: number; type: string; text: string; allow?: string }> => {
    const res = await request(`${server.url}${path}`, { method: init.method ?? 'GET', headers: init.accept ? { accept: init.accept } : {} });
    const text = await res.body.text();
    return { status: res.statusCode, type: String(res.headers['content-type']), text, allow: res.headers.allow as string | undefined };
  };

  it('binds the port it was given (0: a free one) and logs it', () => {
    expect(server.address?.port).to.be.greaterThan(0);
    expect(server.url).to.equal(`http://127.0.0.1:${server.address?.port}`);
    expect(sink.find('health endpoints on')[0].port).to.equal(server.address?.port);
  });

  it('answers /health 200 while live and 503 with reasons when not', async () => {
    expect(await get('/health')).to.include({ status: 200, text: '{"status":"ok"}' });
    live = { ok: false, reasons: ['event-loop delay p99 1.500s is over 1s'] };
    const res = await get('/health');
    expect(res.status).to.equal(503);
    expect(JSON.parse(res.text)).to.deep.equal({ status: 'unhealthy', reasons: ['event-loop delay p99 1.500s is over 1s'] });
  });

  it('answers /ready 503 with the reasons as JSON, then 200 once ready', async () => {
    const notReady = await get('/ready');
    expect(notReady.status).to.equal(503);
    expect(notReady.type).to.equal('application/json');
    expect(JSON.parse(notReady.text)).to.deep.equal({ status: 'not ready', reasons: ['not connected to the control plane'] });
    ready = { ok: true, reasons: [] };
    expect((await get('/ready')).status).to.equal(200);
  });

  it('serves the reference JSON from /metrics by default', async () => {
    metrics.requestFinished('GET', 200, 0.01);
    metrics.requestFinished('WATCH', 200, 3);
    for (const accept of [undefined, '*/*', 'application/json', 'text/html,application/xhtml+xml,*/*;q=0.8']) {
      const res = await get('/metrics', accept ? { accept } : {});
      expect(res.type).to.equal('application/json');
      expect(JSON.parse(res.text)).to.deep.equal({
        cluster: { nodes: 3, pods: 45, deployments: 12, services: 8 },
        connections: { control_plane: true, runners: 2 },
        proxy: { active_streams: 5, requests_per_minute: 2 },
      });
    }
  });

  it('serves Prometheus text to a Prometheus scrape', async () => {
    metrics.requestFinished('GET', 200, 0.02);
    metrics.requestFinished('GET', 200, 0.2);
    metrics.requestFinished('GET', 404, 0.002);
    metrics.requestFinished('/api/v1/pods?weird', 200, 0.1); // a verb the agent does not know is folded into OTHER
    metrics.bytesUpstream(10);
    metrics.bytesDownstream(1000);
    metrics.frameInvalid();
    metrics.refused(429);
    metrics.reconnected('control_plane');
    metrics.heartbeatFailed();
    const scrape = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    for (const accept of [scrape, 'text/plain']) {
      const res = await get('/metrics', { accept });
      expect(res.status).to.equal(200);
      expect(res.type).to.match(/^text\/plain; version=0\.0\.4/);
      const m = parsePrometheus(res.text);
      expect(m.get('pipeops_agent_proxy_requests_total')?.type).to.equal('counter');
      expect(sampleValue(m, 'pipeops_agent_proxy_requests_total', { verb: 'GET', code: '200' })).to.equal(2);
      expect(sampleValue(m, 'pipeops_agent_proxy_requests_total', { verb: 'GET', code: '404' })).to.equal(1);
      expect(sampleValue(m, 'pipeops_agent_proxy_requests_total', { verb: 'OTHER', code: '200' })).to.equal(1);
      expect(m.get('pipeops_agent_proxy_request_duration_seconds')?.type).to.equal('histogram');
      expect(sampleValue(m, 'pipeops_agent_proxy_request_duration_seconds_count', { verb: 'GET', status: '2xx' })).to.equal(2);
      expect(sampleValue(m, 'pipeops_agent_proxy_request_duration_seconds_bucket', { verb: 'GET', status: '2xx', le: '0.025' })).to.equal(1);
      expect(sampleValue(m, 'pipeops_agent_proxy_request_duration_seconds_bucket', { verb: 'GET', status: '2xx', le: '+Inf' })).to.equal(2);
      expect(sampleValue(m, 'pipeops_agent_proxy_bytes_total', { direction: 'upstream' })).to.equal(10);
      expect(sampleValue(m, 'pipeops_agent_proxy_bytes_total', { direction: 'downstream' })).to.equal(1000);
      expect(sampleValue(m, 'pipeops_agent_proxy_active_streams')).to.equal(5);
      expect(sampleValue(m, 'pipeops_agent_frames_invalid_total')).to.equal(1);
      expect(sampleValue(m, 'pipeops_agent_frames_refused_total', { code: '429' })).to.equal(1);
      expect(sampleValue(m, 'pipeops_agent_reconnects_total', { socket: 'control_plane' })).to.equal(1);
      expect(sampleValue(m, 'pipeops_agent_heartbeat_failures_total')).to.equal(1);
      expect(sampleValue(m, 'pipeops_agent_runners_connected')).to.equal(2);
      expect(sampleValue(m, 'pipeops_agent_registered')).to.equal(1);
      expect(sampleValue(m, 'pipeops_agent_cluster_objects', { kind: 'pods' })).to.equal(45);
      expect(sampleValue(m, 'pipeops_agent_event_loop_delay_seconds', { quantile: '0.99' })).to.equal(0.02);
      // bounded labels: nothing path-like ever becomes a label value
      for (const f of m.values()) for (const s of f.samples) for (const v of Object.values(s.labels)) expect(v).to.not.include('/');
    }
  });

  it('answers HEAD without a body', async () => {
    const res = await get('/ready', { method: 'HEAD' });
    expect(res.status).to.equal(503);
    expect(res.text).to.equal('');
  });

  it('refuses other methods with 405 and unknown paths with 404', async () => {
    const post = await get('/ready', { method: 'POST' });
    expect(post.status).to.equal(405);
    expect(post.allow).to.equal('GET, HEAD');
    expect((await get('/metrics', { method: 'DELETE' })).status).to.equal(405);
    expect((await get('/')).status).to.equal(404);
    expect((await get('/debug/pprof')).status).to.equal(404);
    expect((await get('/readyz')).status).to.equal(404);
    expect((await get('/ready?verbose=1')).status).to.equal(503);
  });

  it('stops listening on close', async () => {
    const url = server.url;
    await server.close();
    let err: Error | undefined;
    await request(`${url}/health`).catch((e: unknown) => (err = e as Error));
    expect((err as { code?: string } | undefined)?.code).to.equal('ECONNREFUSED');
  });

  describe('wantsPrometheus', () => {
    it('is true only for text/plain and application/openmetrics-text', () => {
      expect(wantsPrometheus('text/plain')).to.equal(true);
      expect(wantsPrometheus('Application/OpenMetrics-Text; version=1.0.0')).to.equal(true);
      expect(wantsPrometheus('application/json')).to.equal(false);
      expect(wantsPrometheus('*/*')).to.equal(false);
      expect(wantsPrometheus(undefined)).to.equal(false);
      expect(wantsPrometheus('text/plainx')).to.equal(false);
    });
  });
});
