// What both reference servers check before they accept an agent's WebSocket: the
// path, `Authorization: Bearer <token>` (401 otherwise), and that the agent offers a
// subprotocol the server speaks (`pipeops.agent.v2` or `pipeops.agent.v1`; 400
// otherwise). The server selects the first of its own list that the agent offers. The
// checks run on the HTTP server's 'upgrade' event, so a refused agent sees a plain HTTP
// status and no WebSocket at all.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { ReferenceLogger } from './log.ts';
import { SUBPROTOCOLS } from '../../lib/version.ts';

export interface UpgradeRefusal {
  status: number;
  reason: string;
}

export interface UpgradeExpectations {
  path: string;
  token: string;
  /** Subprotocols this server speaks, preferred first (default: pipeops.agent.v2, pipeops.agent.v1). */
  protocols?: readonly string[];
}

export function checkUpgrade(req: IncomingMessage, expect: UpgradeExpectations): UpgradeRefusal | undefined {
  const path = new URL(req.url ?? '/', 'http://reference.invalid').pathname;
  if (path !== expect.path) return { status: 404, reason: `no WebSocket endpoint at ${path}` };
  if (!tokenMatches(bearerToken(req), expect.token)) return { status: 401, reason: 'missing or wrong bearer token' };
  const accepted = expect.protocols ?? SUBPROTOCOLS;
  const offered = offeredProtocols(req);
  if (!accepted.some((p) => offered.includes(p))) {
    return { status: 400, reason: `one of the subprotocols ${accepted.join(', ')} is required` };
  }
  return undefined;
}

/**
 * Hands the HTTP server's upgrades to `wss` once checkUpgrade passes them, and
 * answers the others with their HTTP status (logged, never a WebSocket).
 */
export function acceptUpgrades(
  server: Server,
  wss: WebSocketServer,
  expect: UpgradeExpectations,
  log: ReferenceLogger,
  onConnection: (ws: WebSocket, req: IncomingMessage) => void,
): void {
  server.on('upgrade', (req, socket, head) => {
    const refusal = checkUpgrade(req, expect);
    if (refusal !== undefined) {
      log.warn({ remote: req.socket.remoteAddress, status: refusal.status, reason: refusal.reason }, 'agent refused');
      refuseUpgrade(socket, refusal);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });
}

/** `ws` option: the first of the server's protocols that the agent offers (checkUpgrade has made sure there is one). */
export function subprotocolSelector(accepted: readonly string[] = SUBPROTOCOLS): (offered: Set<string>) => string | false {
  return (offered) => accepted.find((p) => offered.has(p)) ?? false;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** Constant-time comparison, so the reference does not teach a timing leak. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  const body = `${refusal.reason}\n`;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      (refusal.status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '') +
      `\r\n${body}`,
  );
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
}
