// The kubectl gateway's answers: a proxy response frame written back as HTTP with the
// agent's headers (minus hop-by-hop ones), a stream relayed as chunked HTTP with each
// watch event framed again as the API server framed it, and the gateway's own errors as
// a Kubernetes `Status` kubectl can print. A stream's next chunk is read only once the
// HTTP client has taken the last.
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { K8sProxyResponse, ProxyMethod } from '../../lib/protocol/types.ts';
import { isProtobuf } from '../../lib/proxy/watch-framing.ts';
import type { FailoverStream } from './failover.ts';
import { connectionTokens, isHopByHop } from './hop-by-hop.ts';
import type { StreamHandle } from './stream-handle.ts';

/** Relays one stream to the HTTP client; resolves with the status written. */
export async function relayStream(handle: StreamHandle | FailoverStream, res: ServerResponse, watch: boolean): Promise<number> {
  res.on('close', () => {
    // The HTTP client went away before the stream ended: stop it at the agent.
    if (!handle.isEnded) handle.cancel().catch(() => undefined);
  });
  const start = await handle.start.catch((err: unknown) => err as Error);
  if (start instanceof Error) {
    if (!res.destroyed) writeStatus(res, 502, 'BadGateway', `gateway: ${start.message}`);
    return 502;
  }
  if (start.done) {
    // A non-2xx answer or an agent error: one frame, written as an ordinary response.
    const frame = await handle.done;
    writeAnswer(res, frame, 'GET');
    return start.status_code;
  }
  res.writeHead(start.status_code, responseHeaders(start.headers, false));
  res.flushHeaders();
  const frameEvent = watch ? eventFramer(start.headers) : (data: Buffer) => data;
  try {
    for await (const chunk of handle) {
      if (res.destroyed) break;
      const more = res.write(frameEvent(chunk.data));
      if (!more) await drainOrClose(res);
    }
    res.end();
  } catch {
    // Ended abnormally (agent shutdown, upstream reset, socket loss): cut the connection so the
    // client sees an incomplete body rather than a clean end.
    res.destroy();
  }
  return start.status_code;
}

const NEWLINE = Buffer.from('\n');

/** Puts back the stream framing the agent took off each watch event: a length prefix for protobuf, else a newline. */
function eventFramer(headers: Record<string, string>): (event: Buffer) => Buffer {
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (isProtobuf(type)) {
    return (event) => {
      const length = Buffer.allocUnsafe(4);
      length.writeUInt32BE(event.length, 0);
      return Buffer.concat([length, event]);
    };
  }
  return (event) => Buffer.concat([event, NEWLINE]);
}

/** Waits for 'drain' or 'close', then removes both listeners, so a long stream does not pile them up. */
async function drainOrClose(res: ServerResponse): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([once(res, 'drain', { signal: stop.signal }), once(res, 'close', { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
}

export function writeAnswer(res: ServerResponse, frame: K8sProxyResponse, method: ProxyMethod): void {
  const status = frame.status_code ?? 502;
  const body = frame.body === undefined ? Buffer.alloc(0) : Buffer.from(frame.body, 'base64');
  if (frame.error_code !== undefined && body.length === 0) {
    // An error made by the agent (no API server body): give kubectl a Status it can print.
    writeStatus(res, status, reasonFor(status), `agent: ${frame.error}`);
    return;
  }
  const headers = responseHeaders(frame.headers ?? {}, method === 'HEAD');
  if (method !== 'HEAD') headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

function responseHeaders(headers: Record<string, string>, keepLength: boolean): Record<string, string> {
  const dropped = connectionTokens(headers.Connection ?? headers.connection);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (isHopByHop(lower) || dropped.has(lower) || (lower === 'content-length' && !keepLength)) continue;
    out[lower] = value;
  }
  return out;
}

/** A Kubernetes `Status` body, which kubectl prints as `Error from server (<reason>): <message>`. */
export function writeStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function reasonFor(status: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    413: 'RequestEntityTooLarge',
    429: 'TooManyRequests',
    502: 'BadGateway',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[status] ?? 'InternalError';
}
