// The agent's only listening socket: /health, /ready and /metrics on
// agent.host:agent.port (127.0.0.1:8080 by default). GET and HEAD only; the
// answers are computed from in-memory state, so a scrape never waits on the
// API server or the control plane.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { AgentMetrics } from '../metrics/agent-metrics.ts';

// Not an ESM import of node:http: that evaluates every export, and the lazy `WebSocket` getter would load Node's
// bundled undici (about 13 MiB) into an agent that never uses it.
const { createServer } = process.getBuiltinModule('node:http');

export interface HealthCheck {
  ok: boolean;
  /** Why not, one line each; empty when ok. */
  reasons: string[];
}

export interface HealthServerOptions {
  host: string;
  /** 0 picks a free port; the bound one is logged and in `address`. */
  port: number;
  logger: Logger;
  /** Liveness: the process is alive and its event loop responsive. */
  live: () => HealthCheck;
  /** Readiness: registered (or a static Runner connected) and the API server answered recently. */
  ready: () => HealthCheck;
  metrics: AgentMetrics;
}

export class HealthServer {
  readonly #opts: HealthServerOptions;
  readonly #server: Server;
  #address: AddressInfo | undefined;

  constructor(options: HealthServerOptions) {
    this.#opts = options;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        options.logger.error({ err }, 'health endpoint failed');
        if (!res.headersSent) send(res, req, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
        else res.destroy();
      });
    });
    // Probes and scrapes are short: idle keep-alive sockets are not kept long.
    this.#server.keepAliveTimeout = 5_000;
    this.#server.headersTimeout = 10_000;
    this.#server.requestTimeout = 10_000;
  }

  /** The bound address once listening. */
  get address(): AddressInfo | undefined {
    return this.#address;
  }

  /** `http://host:port`, for logs and specs. */
  get url(): string {
    const a = this.#address;
    if (!a) return '';
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      this.#server.listen({ host: this.#opts.host, port: this.#opts.port, exclusive: true }, () => {
        this.#server.off('error', onError);
        this.#server.on('error', (err) => this.#opts.logger.error({ err }, 'health listener error'));
        this.#address = this.#server.address() as AddressInfo;
        this.#opts.logger.info({ address: this.#address.address, port: this.#address.port }, `health endpoints on ${this.url}`);
        resolve(this.#address);
      });
    });
  }

  close(): Promise<void> {
    if (!this.#server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/health' && path !== '/ready' && path !== '/metrics') {
      return send(res, req, 404, 'application/json', JSON.stringify({ error: 'not found', paths: ['/health', '/ready', '/metrics'] }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, req, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
    }
    if (path === '/metrics') {
      const m = this.#opts.metrics;
      if (wantsPrometheus(req.headers.accept)) return send(res, req, 200, m.prometheusContentType, await m.prometheus());
      return send(res, req, 200, 'application/json', JSON.stringify(m.json()));
    }
    const check = path === '/health' ? this.#opts.live() : this.#opts.ready();
    const body = check.ok ? { status: 'ok' } : { status: path === '/health' ? 'unhealthy' : 'not ready', reasons: check.reasons };
    return send(res, req, check.ok ? 200 : 503, 'application/json', JSON.stringify(body));
  }
}

/** A Prometheus scrape asks for text/plain or application/openmetrics-text; anything else gets JSON. */
export function wantsPrometheus(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept
    .split(',')
    .map((part) => part.split(';')[0].trim().toLowerCase())
    .some((type) => type === 'text/plain' || type === 'application/openmetrics-text');
}

function send(res: ServerResponse, req: IncomingMessage, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}
