// The reference servers' side of the wire: reading and sending one JSON message.
//
// readAgentMessage classifies one message from an agent: a session message (has `type`), a proxy
// response frame (no `type`), a session type this server does not know, or invalid.
// Validation is the project's own (schemas/), so the reference servers hold agents to
// exactly the contract the agent holds them to.
import type { RawData, WebSocket } from 'ws';
import type { K8sProxyResponse, SessionMessage } from '../../lib/protocol/types.ts';

export type AgentMessage =
  | { kind: 'session'; message: SessionMessage }
  | { kind: 'response'; frame: K8sProxyResponse }
  | { kind: 'unknown_type'; type: string; id: string | undefined }
  | { kind: 'invalid'; id: string | undefined; reason: string };

const SESSION_TYPES = new Set(['register', 'registered', 'heartbeat', 'heartbeat_ack', 'runners', 'hello', 'error']);

export function readAgentMessage(data: RawData, isBinary: boolean): AgentMessage {
  if (isBinary) return { kind: 'invalid', id: undefined, reason: 'binary frame: one JSON message per text frame' };
  let value: unknown;
  try {
    value = JSON.parse(rawText(data));
  } catch {
    return { kind: 'invalid', id: undefined, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', id: undefined, reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' ? record.id : undefined;
  if ('type' in record) {
    if (typeof record.type !== 'string') return { kind: 'invalid', id, reason: '/type must be a string' };
    if (!SESSION_TYPES.has(record.type)) return { kind: 'unknown_type', type: record.type, id };
    const problem = checkSession(record);
    if (problem !== undefined) return { kind: 'invalid', id, reason: problem };
    return { kind: 'session', message: record as unknown as SessionMessage };
  }
  if (id === undefined) return { kind: 'invalid', id, reason: '/id must be a string' };
  return { kind: 'response', frame: record as unknown as K8sProxyResponse };
}

function checkSession(record: Record<string, unknown>): string | undefined {
  const payload = record.payload;
  if (record.type === 'heartbeat_ack') return undefined;
  if (typeof payload !== 'object' || payload === null) return '/payload must be an object';
  if (record.type === 'register' && (typeof record.id !== 'string' || record.id === '')) return '/id must be a non-empty string';
  return undefined;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Sends one JSON message; resolves once `ws` has handed it to the socket. */
export function sendMessage(ws: WebSocket, message: object): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.send(JSON.stringify(message), (err) => (err === undefined || err === null ? resolve() : reject(err)));
  });
}

/** An `error` session message, as either side sends it. */
export function errorMessage(code: string, message: string, id?: string): object {
  return id === undefined ? { type: 'error', payload: { code, message } } : { type: 'error', id, payload: { code, message } };
}
