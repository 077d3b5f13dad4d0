// The reference servers' side of the wire: reading and sending one JSON message.
//
// readAgentMessage classifies one message from an agent: a session message (has `type`), a proxy
// response frame (no `type`), a session type this server does not know, or invalid. On a v2
// socket a binary message is a frame whose body follows its JSON part as raw bytes.
// Validation is the project's own (schemas/), so the reference servers hold agents to
// exactly the contract (and the version) the agent holds them to.
import type { RawData, WebSocket } from 'ws';
import { decodeBinary, isBinaryMessage, type BinaryMessage } from '../../lib/protocol/binary-frame.ts';
import type { K8sProxyResponse, SessionMessage } from '../../lib/protocol/types.ts';
import { SESSION_TYPES, validateResponse, validateSession } from '../../lib/protocol/validate.ts';
import { protocolVersion, type ProtocolVersion } from '../../lib/version.ts';

export type AgentMessage =
  | { kind: 'session'; message: SessionMessage }
  /** `body` holds the raw body of a binary frame; a text frame's stays base64 in `frame.body`. */
  | { kind: 'response'; frame: K8sProxyResponse; body?: Buffer }
  | { kind: 'unknown_type'; type: string; id: string | undefined }
  | { kind: 'invalid'; id: string | undefined; reason: string };

const KNOWN_TYPES = new Set<string>(SESSION_TYPES);

export function readAgentMessage(data: RawData, isBinary: boolean, version: ProtocolVersion = 1): AgentMessage {
  let text: string;
  let body: Buffer | undefined;
  if (isBinary) {
    if (version === 1) return { kind: 'invalid', id: undefined, reason: 'binary frame: one JSON message per text frame' };
    const decoded = decodeBinary(rawBytes(data));
    if (!decoded.ok) return { kind: 'invalid', id: undefined, reason: decoded.error };
    text = decoded.json;
    body = decoded.body;
  } else {
    text = rawText(data);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
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
  if (body !== undefined && Object.hasOwn(record, 'body')) {
    return { kind: 'invalid', id, reason: 'a binary frame carries its body after the JSON part, not in it' };
  }
  // A binary frame's body stands outside its JSON part; the schema's rules about `body` (a chunk has one) hold for it.
  const response = validateResponse(body === undefined ? record : { ...record, body: '' }, version);
  if (!response.ok) return { kind: 'invalid', id, reason: response.error };
  if (body === undefined) return { kind: 'response', frame: response.frame };
  const frame = record as unknown as K8sProxyResponse;
  return body.length > 0 ? { kind: 'response', frame, body } : { kind: 'response', frame };
}

/** The protocol version of an accepted socket, from the subprotocol the server selected. */
export function socketVersion(ws: WebSocket): ProtocolVersion {
  return protocolVersion(ws.protocol) ?? 1;
}

function rawBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

function rawText(data: RawData): string {
  return rawBytes(data).toString('utf8');
}

/** An error the agent made itself, as a frame carries it: act on `code` (docs/errors.md), show `message`. */
export interface AgentFrameError {
  code: string;
  /** The frame's status_code; undefined on the done frame of a stream that had started. */
  status: number | undefined;
  message: string;
}

/**
 * The agent's own error in a response frame (a refusal, a failure, an abnormal stream end), or undefined for
 * anything else, the API server's own errors included: they are relayed with their status and body, without a code.
 */
export function agentFrameError(frame: K8sProxyResponse): AgentFrameError | undefined {
  if (frame.error_code === undefined) return undefined;
  return { code: frame.error_code, status: frame.status_code, message: frame.error ?? '' };
}

/** Sends one JSON message, or one binary frame; resolves once `ws` has handed it to the socket. */
export function sendMessage(ws: WebSocket, message: object | BinaryMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => (err === undefined || err === null ? resolve() : reject(err));
    if (isBinaryMessage(message)) {
      const { parts, byteLength } = message;
      // Bulk bytes (DATA for an upload) go out as they are: deflating them costs more than it saves, as the agent finds.
      ws.send(parts.length === 1 ? parts[0] : Buffer.concat(parts, byteLength), { binary: true, compress: byteLength < 16 * 1024 }, done);
    } else {
      ws.send(JSON.stringify(message), done);
    }
  });
}

/** An `error` session message, as either side sends it. */
export function errorMessage(code: string, message: string, id?: string): object {
  return id === undefined ? { type: 'error', payload: { code, message } } : { type: 'error', id, payload: { code, message } };
}
