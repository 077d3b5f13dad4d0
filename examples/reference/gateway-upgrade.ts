// The kubectl gateway's upgraded requests: `kubectl exec`, `attach`, `cp` and
// `port-forward` (WebSocket, or SPDY from older clients or with
// KUBECTL_*_WEBSOCKETS=false) become an upgraded stream through the agent
// (protocol v2). The gateway writes the API server's 101 head from the start
// frame, so the client's handshake completes byte for byte, then pipes bytes
// both ways: the client's through DuplexHandle.write (which never overruns the
// agent's window), the API server's as they arrive, reading the next chunk
// only once the client has taken the last. A client that goes away cancels the
// stream; a stream that ends closes the client's connection.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import type { ProxyMethod } from '../../lib/protocol/types.ts';
import type { ReferenceLogger } from './log.ts';
import type { RunnerAgent } from './runner.ts';

const METHODS = new Set<ProxyMethod>(['GET', 'POST']);
/** Never passed on: the agent uses its own credentials, and these describe this hop only. */
const DROPPED = new Set(['authorization', 'host', 'content-length', 'keep-alive', 'te', 'trailer', 'transfer-encoding']);

export async function relayUpgrade(agent: RunnerAgent, req: IncomingMessage, client: Duplex, head: Buffer, log: ReferenceLogger): Promise<number> {
  const method = req.method as ProxyMethod;
  if (!METHODS.has(method)) return refuse(client, 405, `method ${req.method} cannot upgrade`);
  if (agent.version < 2) return refuse(client, 501, 'the agent socket speaks pipeops.agent.v1, which carries no upgraded streams');
  const { path, query } = splitUrl(req.url ?? '/');
  const handle = agent.upgrade({ method, path, headers: upgradeHeaders(req), ...(query === undefined ? {} : { query }) });
  client.on('error', () => {});
  client.once('close', () => {
    if (!handle.isEnded) handle.cancel().catch(() => undefined);
  });

  const start = await handle.start.catch((err: unknown) => err as Error);
  if (start instanceof Error) return refuse(client, 502, `gateway: ${start.message}`);
  if (start.done) {
    // Not upgraded: the API server's (or the agent's) answer, as an ordinary response.
    const done = await handle.done.catch(() => undefined);
    const body = start.body ?? (done?.error !== undefined ? Buffer.from(`${done.error}\n`) : Buffer.alloc(0));
    writeHead(client, start.status_code, { ...start.headers, 'Content-Length': String(body.length), Connection: 'close' });
    client.end(body);
    return start.status_code;
  }
  writeHead(client, start.status_code, start.headers);
  log.info({ path, status: start.status_code }, 'upgraded');

  const upload = async (): Promise<void> => {
    if (head.length > 0) await handle.write(head);
    for await (const bytes of client as AsyncIterable<Buffer>) await handle.write(bytes);
  };
  upload().catch(() => {
    // The stream ended or the client reset: the download side, or the close handler, ends the rest.
  });
  try {
    for await (const chunk of handle) {
      if (client.destroyed) break;
      if (!client.write(chunk.data)) await Promise.race([once(client, 'drain'), once(client, 'close')]);
    }
    client.end();
  } catch {
    client.destroy();
  }
  return start.status_code;
}

/** The client's headers, upgrade headers included, as the agent expects them on an upgrade frame. */
function upgradeHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || DROPPED.has(name) || name.startsWith('proxy-')) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function splitUrl(rawUrl: string): { path: string; query: Record<string, string[]> | undefined } {
  const at = rawUrl.indexOf('?');
  const path = at === -1 ? rawUrl : rawUrl.slice(0, at);
  if (at === -1) return { path, query: undefined };
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawUrl.slice(at + 1))) {
    if (Object.hasOwn(query, name)) query[name]?.push(value);
    else Object.defineProperty(query, name, { value: [value], enumerable: true, writable: true, configurable: true });
  }
  return { path, query };
}

function writeHead(client: Duplex, status: number, headers: Record<string, string>): void {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  client.write(`${head}\r\n`);
}

function refuse(client: Duplex, status: number, message: string): number {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: status });
  writeHead(client, status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
  client.end(body);
  return status;
}
