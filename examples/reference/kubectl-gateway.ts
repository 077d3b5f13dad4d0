// The kubectl gateway: a plain HTTP server on 127.0.0.1 that turns each Kubernetes API
// request into a proxy frame sent through the Runner to an agent, and the answer back
// into HTTP, so `kubectl --server http://127.0.0.1:<port>` works through the tunnel.
//
// Request → frame, as any reverse proxy would: method, the raw path, the query as a map of
// value lists, the client's headers minus hop-by-hop ones and Authorization (the agent uses
// its own credentials) and Content-Length (the body's length is the body's), and the body
// in base64. Accept and Accept-Encoding pass as kubectl sent them: how a watch is
// negotiated so it can be cut into events is the agent's business, not the gateway's.
//
// Which requests stream: watches (as lib/protocol/watch.ts decides) and `follow=true`
// logs. Everything else is sent as a plain request; when the agent answers a GET with
// its own 413 (the response is over its buffered limit, e.g. a big list or the OpenAPI
// document) the gateway asks again with `stream: true` and relays the bytes as they come.
//
// Answers (gateway-response.ts) keep the agent's headers, Content-Encoding included
// (bytes and header travel together). Streams are written as chunked HTTP, each watch
// event framed again as the API server framed it: followed by "\n" for JSON, after its
// 4-byte big-endian length for protobuf. The gateway reads the next chunk only when the
// HTTP client has taken the last one, so a slow client slows the agent's socket; a
// client that goes away cancels the stream.
//
// With several replicas of the agent, requests go through the Runner's failover
// (failover.ts): a replica that drains or dies is replaced without kubectl noticing,
// except for a write whose replica died before answering, which is answered 502
// ("lost": it may or may not have run).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { K8sProxyResponse, ProxyMethod } from '../../lib/protocol/types.ts';
import { isWatchRequest } from '../../lib/protocol/watch.ts';
import { LostRequestError } from './failover.ts';
import { relayStream, writeAnswer, writeStatus } from './gateway-response.ts';
import { relayUpgrade } from './gateway-upgrade.ts';
import { connectionTokens, isHopByHop } from './hop-by-hop.ts';
import { createReferenceLogger, type ReferenceLogger } from './log.ts';
import type { ProxyRequestInit } from './proxy-client.ts';
import type { AgentTarget, Runner } from './runner.ts';

export interface KubectlGatewayOptions {
  runner: Runner;
  /** The agent to send requests to; default: the first connected. */
  target?: AgentTarget;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Request bodies over this get 413 here (default 16 MiB). */
  maxRequestBodyBytes?: number;
  logger?: ReferenceLogger;
}

export interface KubectlGateway {
  /** `http://127.0.0.1:<port>`: pass it to `kubectl --server`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const METHODS = new Set<ProxyMethod>(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
const NOT_FORWARDED = new Set(['authorization', 'content-length']);

export async function startKubectlGateway(options: KubectlGatewayOptions): Promise<KubectlGateway> {
  const log = options.logger ?? createReferenceLogger('reference-kubectl-gateway');
  const maxBody = options.maxRequestBodyBytes ?? 16 * 1024 * 1024;
  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      log.error({ method: req.method, url: req.url, err: String(err) }, 'gateway request failed');
      if (!res.headersSent) writeStatus(res, 502, 'BadGateway', `gateway: ${String(err)}`);
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method as ProxyMethod;
    if (!METHODS.has(method)) {
      writeStatus(res, 405, 'MethodNotAllowed', `method ${req.method} is not proxied`);
      return;
    }
    const body = await readBody(req, maxBody);
    if (body === undefined) {
      writeStatus(res, 413, 'RequestEntityTooLarge', `request body over ${maxBody} bytes`);
      return;
    }
    const translated = toFrame(method, req, body);
    const target = options.target ?? {};
    try {
      options.runner.agent(options.target);
    } catch (err) {
      writeStatus(res, 503, 'ServiceUnavailable', `gateway: ${(err as Error).message}`);
      return;
    }
    const failover = options.runner.failover;
    let status: number;
    if (translated.frame.stream === true) {
      status = await relayStream(failover.stream(translated.frame, target), res, translated.watch);
    } else {
      let answer: K8sProxyResponse;
      try {
        answer = await failover.request(translated.frame, target);
      } catch (err) {
        if (!(err instanceof LostRequestError)) throw err;
        writeStatus(res, 502, 'BadGateway', `gateway: ${err.message}`);
        log.warn({ method, path: translated.frame.path }, 'request lost with its agent replica');
        return;
      }
      if (answer.error_code === 'RESPONSE_TOO_LARGE' && method === 'GET') {
        log.info({ path: translated.frame.path }, 'response over the agent buffer limit; asking again as a stream');
        status = await relayStream(failover.stream({ ...translated.frame, stream: true }, target), res, false);
      } else {
        writeAnswer(res, answer, method);
        status = answer.status_code ?? 502;
      }
    }
    log.info(
      { method, path: translated.frame.path, stream: translated.frame.stream === true, status, ms: Date.now() - started },
      'proxied',
    );
  }

  // kubectl exec, attach, cp and port-forward: an upgraded stream through the agent.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const started = Date.now();
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    let agent;
    try {
      agent = options.runner.agent(options.target);
    } catch (err) {
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      log.warn({ url: req.url, err: (err as Error).message }, 'no agent for an upgrade');
      return;
    }
    relayUpgrade(agent, req, socket, head, log).then(
      (status) => log.info({ method: req.method, path: req.url?.split('?')[0], upgrade: true, status, ms: Date.now() - started }, 'proxied'),
      (err: unknown) => {
        log.error({ method: req.method, url: req.url, err: String(err) }, 'gateway upgrade failed');
        socket.destroy();
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url }, 'kubectl gateway listening');
  return {
    url,
    port,
    async close() {
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The proxy frame for one HTTP request (without `id`; the Runner assigns it). */
export function toFrame(method: ProxyMethod, req: IncomingMessage, body: Buffer): { frame: ProxyRequestInit; watch: boolean } {
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  // The raw path, not a URL-normalised one: the agent judges the path exactly as sent.
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1))) {
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  // Own properties only (fromEntries defines them), so a `__proto__` parameter is just a name the agent refuses.
  const query: Record<string, string[]> = Object.fromEntries(values);
  // The agent's own rule, so both agree on which streams arrive one watch event per chunk.
  const watch = isWatchRequest({ path, query });
  const follow = isTrue(values.get('follow'));
  const frame: ProxyRequestInit = {
    method,
    path,
    headers: forwardHeaders(req.headers),
    ...(Object.keys(query).length === 0 ? {} : { query }),
    ...(body.length === 0 ? {} : { body: body.toString('base64') }),
    ...(watch || follow ? { stream: true } : {}),
  };
  return { frame, watch };
}

/** Request headers as the agent should see them. */
export function forwardHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const dropped = connectionTokens(headers.connection);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || isHopByHop(name) || NOT_FORWARDED.has(name) || dropped.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The whole request body, or undefined when it is over `limit` (the rest is read and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= limit) parts.push(part);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** The API server's reading of a boolean query parameter: the first value, false only for "0" or "false". */
function isTrue(values: string[] | undefined): boolean {
  const first = values?.[0];
  return first !== undefined && first !== '0' && first.toLowerCase() !== 'false';
}
