// The reference servers' side of the wire: reading and sending one JSON message.
//
// readAgentMessage classifies one message from an agent: a session message (has `type`), a proxy
// response frame (no `type`), a session type this server does not know, or invalid.
// Validation is the project's own (schemas/), so the reference servers hold agents to
// exactly the contract the agent holds them to.
import type { RawData, WebSocket } from 'ws';
import type { K8sProxyResponse, SessionMessage } from '../../lib/protocol/types.ts';
import { SESSION_TYPES, validateResponse, validateSession } from '../../lib/protocol/validate.ts';

export type AgentMessage =
  | { kind: 'session'; message: SessionMessage }
  | { kind: 'response'; frame: K8sProxyResponse }
  | { kind: 'unknown_type'; type: string; id: string | undefined }
  | { kind: 'invalid'; id: string | undefined; reason: string };

const KNOWN_TYPES = new Set<string>(SESSION_TYPES);

export function readAgentMessage(data: RawData, isBinary: boolean): AgentMessage {
  if (isBinary) return { kind: 'invalid', id: undefined, reason: 'binary frame: one JSON message per text frame' };
  let value: unknown;
  try {
    value = JSON.parse(rawText(data));
  } catch {
    return { kind: 'invalid', id: undefined, reason: 'invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', id: undefined, reason: 'message must be an object' };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' ? record.id : undefined;
  if (Object.hasOwn(record, 'type')) {
    if (typeof record.type === 'string' && !KNOWN_TYPES.has(record.type)) {
      return { kind: 'unknown_type', type: record.type.slice(0, 128), id };
    }
    const session = validateSession(record);
    return session.ok ? { kind: 'session', message: session.message } : { kind: 'invalid', id, reason: session.error };
  }
  const response = validateResponse(record);
  return response.ok ? { kind: 'response', frame: response.frame } : { kind: 'invalid', id, reason: response.error };
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
