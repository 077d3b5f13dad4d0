// One HTTP/1.1 connection upgrade at the API server (exec, attach,
// port-forward, proxied WebSockets), on a connection of its own with the
// agent's credentials. undici's pools cannot hand back a connection that
// answered anything but 101 with its body, so this uses node:http(s) directly:
// a refusal (403, 404, 400 "Upgrade request required") comes back as an
// ordinary response whose body the peer's client can print.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { KubeTarget } from './target.ts';

export type UpgradeResult =
  | { kind: 'upgraded'; response: IncomingMessage; socket: Socket; head: Buffer }
  | { kind: 'refused'; response: IncomingMessage };

export interface UpgradeRequest {
  method: string;
  /** Path and query, already checked and encoded. */
  path: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

export function requestUpgrade(target: Pick<KubeTarget, 'origin' | 'tls' | 'authHeaders'>, r: UpgradeRequest): Promise<UpgradeResult> {
  const url = new URL(target.origin);
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise<UpgradeResult>((resolve, reject) => {
    const req = send({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      method: r.method,
      path: r.path,
      headers: { ...listHeaders(r.headers), ...target.authHeaders() },
      // A connection of its own: it becomes the stream's, and leaves no pool.
      agent: false,
      ...(secure ? target.tls() : {}),
    });
    // The signal ends the attempt until an answer arrives; after that the
    // caller owns the socket (or the response) and ends it itself.
    const onAbort = (): void => {
      req.destroy(new Error(String(r.signal.reason ?? 'aborted')));
    };
    const settle = (): void => r.signal.removeEventListener('abort', onAbort);
    req.once('upgrade', (response: IncomingMessage, socket: Socket, head: Buffer) => {
      settle();
      resolve({ kind: 'upgraded', response, socket, head });
    });
    req.once('response', (response: IncomingMessage) => {
      settle();
      resolve({ kind: 'refused', response });
    });
    req.once('error', (err) => {
      settle();
      reject(err);
    });
    if (r.signal.aborted) onAbort();
    else r.signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/**
 * A frame carries one value per header name, list-valued ones joined with commas. The API server reads
 * X-Stream-Protocol-Version as separate header lines (one protocol each), so it goes out as those lines.
 */
function listHeaders(headers: Record<string, string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { ...headers };
  const versions = headers['x-stream-protocol-version'];
  if (versions !== undefined && versions.includes(',')) {
    out['x-stream-protocol-version'] = versions.split(',').map((v) => v.trim()).filter(Boolean);
  }
  return out;
}
