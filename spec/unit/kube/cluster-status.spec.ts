import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { authenticated } from '../../../lib/kube/api-client.ts';
import { ClusterStatus } from '../../../lib/kube/cluster-status.ts';
import { logSink } from '../../support/log-sink.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

describe('ClusterStatus', () => {
  let server: Server;
  let pool: Pool;
  let handler: Handler;
  let seen: string[];
  let now: number;

  beforeEach(async () => {
    seen = [];
    now = 0;
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(`${url.pathname}${url.search}|${req.headers.accept ?? ''}|${req.headers.authorization ?? ''}`);
      handler(req, res, url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterEach(async () => {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function status(): ClusterStatus {
    return new ClusterStatus({
      target: { dispatcher: authenticated(pool, { credentials: () => ({ authorization: 'Bearer t' }), refresh: () => Promise.resolve(false) }) },
      logger: logSink().logger,
      probeInterval: 0,
      staleAfter: 30_000,
      now: () => now,
    });
  }

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  it('counts from limit=1 lists and remainingItemCount', async () => {
    const totals: Record<string, number> = { nodes: 3, pods: 45, deployments: 12, services: 1 };
    handler = (_req, res, url) => {
      const kind = url.pathname.split('/').at(-1)!;
      const total = totals[kind];
      json(res, 200, {
        items: total > 0 ? [{}] : [],
        metadata: total > 1 ? { continue: 'tok', remainingItemCount: total - 1 } : {},
      });
    };
    const s = status();
    expect(await s.counts()).to.deep.equal({ nodes: 3, pods: 45, deployments: 12, services: 1 });
    expect(seen.every((l) => l.includes('?limit=1|') && l.endsWith('|Bearer t'))).to.equal(true);
    expect(seen).to.have.length(4);
    expect(s.lastCounts?.pods).to.equal(45);
    expect(s.reachable).to.equal(true);
  });

  it('pages through metadata-only lists when remainingItemCount is absent', async () => {
    const pods = 1234;
    handler = (_req, res, url) => {
      if (!url.pathname.endsWith('/pods')) return json(res, 200, { items: [], metadata: {} });
      const limit = Number(url.searchParams.get('limit'));
      const start = Number(url.searchParams.get('continue') ?? '0');
      const n = Math.min(limit, pods - start);
      const next = start + n < pods ? String(start + n) : undefined;
      json(res, 200, { items: new Array(n).fill({}), metadata: next ? { continue: next } : {} });
    };
    const s = status();
    expect((await s.counts()).pods).to.equal(1234);
    const podCalls = seen.filter((l) => l.startsWith('/api/v1/pods'));
    // one limit=1 probe, then ceil(1234 / 500) metadata-only pages
    expect(podCalls).to.have.length(4);
    expect(podCalls.slice(1).every((l) => l.includes('as=PartialObjectMetadataList'))).to.equal(true);
  });

  it('shares one count between concurrent callers', async () => {
    handler = (_req, res) => setTimeout(() => json(res, 200, { items: [], metadata: {} }), 20);
    const s = status();
    await Promise.all([s.counts(), s.counts(), s.counts()]);
    expect(seen).to.have.length(4);
  });

  it('fails the count when the API server refuses, naming the path and status', async () => {
    handler = (_req, res, url) =>
      url.pathname.endsWith('/nodes') ? json(res, 403, { message: 'nodes is forbidden' }) : json(res, 200, { items: [], metadata: {} });
    const s = status();
    let err: Error | undefined;
    await s.counts().catch((e: unknown) => (err = e as Error));
    expect(err?.message).to.equal('GET /api/v1/nodes answered 403: nodes is forbidden');
    expect(s.reachable).to.equal(false);
  });

  it('is reachable after a 200 from /readyz and stale once staleAfter passes without an answer', async () => {
    let up = true;
    handler = (_req, res) => (up ? res.end('ok') : res.writeHead(500).end('etcd failed'));
    const s = status();
    expect(s.reachable).to.equal(false);
    expect(s.problem).to.match(/has not answered: not probed yet/);
    expect(await s.probe()).to.equal(true);
    expect(s.reachable).to.equal(true);
    expect(s.problem).to.equal(undefined);
    up = false;
    expect(await s.probe()).to.equal(false);
    now = 30_000;
    expect(s.reachable).to.equal(true);
    now = 30_001;
    expect(s.reachable).to.equal(false);
    expect(s.problem).to.equal('the API server has not answered for 30s: /readyz answered 500');
  });

  it('reads the version once and says unknown when it cannot', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      json(res, 200, { gitVersion: 'v1.37.2' });
    };
    const s = status();
    expect(await s.version()).to.equal('v1.37.2');
    expect(await s.version()).to.equal('v1.37.2');
    expect(calls).to.equal(1);
    handler = (_req, res) => res.destroy();
    expect(await status().version()).to.equal('unknown');
  });
});
