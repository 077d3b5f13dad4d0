// Classifies and validates every inbound message against the wire schemas (schemas/frame-*.json,
// schemas/session-message.schema.json). The validators are generated code (validators.generated.js, from
// `npm run generate`): nothing is compiled at start-up or per frame. Nothing here throws: a bad frame becomes an `invalid` result that the caller
// answers with a 400 frame or an `error` message, and the socket stays up.
import type { ValidateFunction } from 'ajv';
import requestSchema from '../../schemas/frame-request.schema.json' with { type: 'json' };
import responseSchema from '../../schemas/frame-response.schema.json' with { type: 'json' };
import requestSchemaV2 from '../../schemas/frame-request.v2.schema.json' with { type: 'json' };
import responseSchemaV2 from '../../schemas/frame-response.v2.schema.json' with { type: 'json' };
import type { ProtocolVersion } from '../version.ts';
import { decodeBinary } from './binary-frame.ts';
import sessionSchema from '../../schemas/session-message.schema.json' with { type: 'json' };
import { formatErrors } from './format-errors.ts';
import type { K8sProxyRequest, K8sProxyResponse, SessionMessage } from './types.ts';
import * as generated from './validators.generated.js';

export { formatErrors };

export type Inbound =
  /** `body` holds the raw body of a binary message; a text frame's body stays base64 in `frame.body`. */
  | { kind: 'request'; frame: K8sProxyRequest; body?: Buffer }
  | { kind: 'session'; message: SessionMessage }
  | { kind: 'unknown_type'; id: string; type: string }
  | { kind: 'invalid'; id: string; error: string; session: boolean };

export type SessionType = SessionMessage['type'];

/** Session message types, in the order the protocol lists them. */
export const SESSION_TYPES: readonly SessionType[] = [
  'register',
  'registered',
  'heartbeat',
  'heartbeat_ack',
  'runners',
  'hello',
  'draining',
  'error',
];

const SESSION_DEFS = {
  register: 'RegisterMessage',
  registered: 'RegisteredMessage',
  heartbeat: 'HeartbeatMessage',
  heartbeat_ack: 'HeartbeatAckMessage',
  runners: 'RunnersMessage',
  hello: 'HelloMessage',
  draining: 'DrainingMessage',
  error: 'ErrorMessage',
} as const satisfies Record<SessionType, string>;

/** Longest id echoed back; the schemas give ids the same bound. */
const MAX_ID = 256;
/** Longest unknown `type` reported back. */
const MAX_TYPE = 128;

// Each socket is held to the version it negotiated: a v1 peer's `upgrade` or DATA is an unknown field or method.
const requestValidators: Record<ProtocolVersion, ValidateFunction<K8sProxyRequest>> = {
  1: withSchema(generated.validateRequest, requestSchema),
  2: withSchema(generated.validateRequestV2, requestSchemaV2),
};
const responseValidators: Record<ProtocolVersion, ValidateFunction<K8sProxyResponse>> = {
  1: withSchema(generated.validateResponse, responseSchema),
  2: withSchema(generated.validateResponseV2, responseSchemaV2),
};
const sessionValidators = new Map<string, ValidateFunction<SessionMessage>>(
  SESSION_TYPES.map((type) => [type, withSchema(generated[`validate${SESSION_DEFS[type]}`], sessionSchema.$defs[SESSION_DEFS[type]])]),
);

/** Standalone validators do not carry their schema; formatErrors reads it to name the if/then a rule is under. */
function withSchema<T>(validate: ValidateFunction<T>, schema: object): ValidateFunction<T> {
  validate.schema = schema;
  return validate;
}

type Result<K extends string, T> = ({ ok: true } & Record<K, T>) | { ok: false; error: string };

export function validateRequest(value: unknown, version: ProtocolVersion = 1): Result<'frame', K8sProxyRequest> {
  if (!isObject(value)) return { ok: false, error: 'frame must be an object' };
  const error = run(requestValidators[version], value);
  return error === undefined ? { ok: true, frame: value as unknown as K8sProxyRequest } : { ok: false, error };
}

export function validateResponse(value: unknown, version: ProtocolVersion = 1): Result<'frame', K8sProxyResponse> {
  if (!isObject(value)) return { ok: false, error: 'frame must be an object' };
  const error = run(responseValidators[version], value);
  return error === undefined ? { ok: true, frame: value as unknown as K8sProxyResponse } : { ok: false, error };
}

export function validateSession(value: unknown): Result<'message', SessionMessage> {
  if (!isObject(value)) return { ok: false, error: 'frame must be an object' };
  if (!Object.hasOwn(value, 'type')) return { ok: false, error: "must have required property 'type'" };
  const type = value.type;
  if (typeof type !== 'string') return { ok: false, error: '/type must be string' };
  const validate = sessionValidators.get(type);
  if (validate === undefined) return { ok: false, error: `/type must be one of ${SESSION_TYPES.join(', ')}` };
  const error = run(validate, value);
  return error === undefined ? { ok: true, message: value as unknown as SessionMessage } : { ok: false, error };
}

/**
 * Parses one text frame and says what it is. A message with a string `type` is a session message; one without
 * `type` is a proxy request frame. Never throws.
 */
export function parseInbound(data: string, version: ProtocolVersion = 1): Inbound {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (err) {
    return { kind: 'invalid', id: '', error: `invalid JSON: ${jsonReason(err)}`, session: false };
  }
  if (!isObject(value)) return { kind: 'invalid', id: '', error: 'frame must be an object', session: false };
  const id = recoverId(value);
  if (!Object.hasOwn(value, 'type')) {
    const result = validateRequest(value, version);
    return result.ok
      ? { kind: 'request', frame: result.frame }
      : { kind: 'invalid', id, error: result.error, session: false };
  }
  const type = value.type;
  // Not a session message (its `type` is not a string), so not a valid proxy frame either: answered as a frame.
  if (typeof type !== 'string') return { kind: 'invalid', id, error: '/type must be string', session: false };
  if (!sessionValidators.has(type)) return { kind: 'unknown_type', id, type: clip(type, MAX_TYPE) };
  const result = validateSession(value);
  return result.ok
    ? { kind: 'session', message: result.message }
    : { kind: 'invalid', id, error: result.error, session: true };
}

/**
 * Parses one v2 binary message: the JSON part as parseInbound does (it must not carry `body`), the rest as the
 * request's body. Never throws.
 */
export function parseBinaryInbound(data: Buffer): Inbound {
  const decoded = decodeBinary(data);
  if (!decoded.ok) return { kind: 'invalid', id: leadingId(data.subarray(4)), error: decoded.error, session: false };
  const inbound = parseInbound(decoded.json, 2);
  switch (inbound.kind) {
    case 'request':
      if (Object.hasOwn(inbound.frame, 'body')) {
        const error = '/body must not be in the JSON part of a binary frame (the bytes after it are the body)';
        return { kind: 'invalid', id: inbound.frame.id, error, session: false };
      }
      return decoded.body.length > 0 ? { ...inbound, body: decoded.body } : inbound;
    case 'session':
      return decoded.body.length > 0 ? { kind: 'invalid', id: '', error: 'a session message has no body', session: true } : inbound;
    default:
      return inbound;
  }
}

/** Best-effort id of a frame too large or too broken to parse: only a leading "id" string is trusted. */
export function leadingId(data: Buffer): string {
  const head = data.subarray(0, 512).toString('utf8');
  const m = /^\s*\{\s*"id"\s*:\s*"((?:[^"\\]|\\.){0,256})"/.exec(head);
  if (!m) return '';
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return '';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id to answer with: the message's own when it is a usable id, else ''. */
function recoverId(value: Record<string, unknown>): string {
  const id = Object.hasOwn(value, 'id') ? value.id : undefined;
  return typeof id === 'string' && id.length <= MAX_ID ? id : '';
}

/** undefined when valid, else the error. Guarded: a validator fault (e.g. a RangeError) is a refusal, never a throw. */
function run(validate: ValidateFunction, value: unknown): string | undefined {
  try {
    return validate(value) ? undefined : formatErrors(validate.errors, validate.schema);
  } catch {
    return 'frame could not be validated';
  }
}

/** V8's reason without the excerpt of the input it quotes: a broken frame may still hold a token. */
function jsonReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '');
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
