// The agent's own answers to proxy frames, as AgentErrors: one function per
// refusal or failure, each with its registry code and its text, so the
// channel, the executor and the upgrade executor say the same thing the same
// way. lib/protocol/error-frames.ts turns them into frames.
import type { AgentConfig } from '../config/types.ts';
import { AgentError } from '../errors.ts';
import type { HeaderResult } from './headers.ts';

type Limits = AgentConfig['proxy'];

export function frameTooLarge(limits: Limits): AgentError<'TOO_LARGE'> {
  return new AgentError('TOO_LARGE', `frame larger than proxy.max_frame_bytes (${limits.max_frame_bytes} bytes)`);
}

export function bodyTooLarge(limits: Limits): AgentError<'TOO_LARGE'> {
  return new AgentError('TOO_LARGE', `request body larger than proxy.max_body_bytes (${limits.max_body_bytes} bytes)`);
}

/** A watch event over proxy.max_frame_bytes: it could not travel as one chunk. */
export function eventTooLarge(maxEvent: number): AgentError<'TOO_LARGE'> {
  return new AgentError('TOO_LARGE', `watch event larger than ${maxEvent} bytes`);
}

/** A buffered answer over its limit; `hint` says how to get it all the same. */
export function responseTooLarge(limits: Limits, hint = 'send the request with stream: true'): AgentError<'RESPONSE_TOO_LARGE'> {
  return new AgentError('RESPONSE_TOO_LARGE', `response larger than proxy.max_response_bytes (${limits.max_response_bytes} bytes); ${hint}`);
}

/** `why` names the field and the rule (never a value). */
export function invalidFrame(why: string): AgentError<'FRAME_INVALID'> {
  return new AgentError('FRAME_INVALID', `invalid frame: ${why}`);
}

export function policyRefused(why: string): AgentError<'POLICY_REFUSED'> {
  return new AgentError('POLICY_REFUSED', `refused by policy: ${why}`);
}

/** A request's headers that cannot go to the API server: 403 for a policy, 400 for a malformed header. */
export function headersRefused(result: Extract<HeaderResult, { ok: false }>): AgentError<'POLICY_REFUSED' | 'FRAME_INVALID'> {
  return result.status === 403 ? policyRefused(result.reason) : invalidFrame(result.reason);
}

export function upgradeDisabled(why: string): AgentError<'UPGRADE_DISABLED'> {
  return new AgentError('UPGRADE_DISABLED', `refused by policy: ${why}`);
}

export function shuttingDown(): AgentError<'SHUTTING_DOWN'> {
  return new AgentError('SHUTTING_DOWN', 'shutdown: the agent is not taking new requests');
}

export function rateLimited(limits: Limits, retryAfter: number): AgentError<'RATE_LIMITED'> {
  return new AgentError('RATE_LIMITED', `rate limited: over proxy.rate_limit (${limits.rate_limit.requests_per_second}/s); retry after ${retryAfter}s`);
}

export function duplicateId(id: string): AgentError<'DUPLICATE_ID'> {
  return new AgentError('DUPLICATE_ID', `request id ${JSON.stringify(id)} is already in flight`);
}

export function tooManyStreams(limits: Limits): AgentError<'TOO_MANY_STREAMS'> {
  return new AgentError('TOO_MANY_STREAMS', `too many streams: proxy.max_concurrent_streams (${limits.max_concurrent_streams}) are open`);
}

export function tooManyRequests(limits: Limits): AgentError<'TOO_MANY_REQUESTS'> {
  return new AgentError('TOO_MANY_REQUESTS', `too many requests: proxy.max_concurrent_requests (${limits.max_concurrent_requests}) are in flight`);
}

/** `what`: `''` for a CANCEL, `'DATA for '` for a DATA frame. */
export function unknownStream(streamId: string | undefined, what = ''): AgentError<'UNKNOWN_STREAM'> {
  return new AgentError('UNKNOWN_STREAM', `${what}unknown stream ${JSON.stringify(streamId ?? '')}`);
}

export function requestTimeout(limits: Limits): AgentError<'TIMEOUT'> {
  return new AgentError('TIMEOUT', `API server did not answer within proxy.request_timeout (${limits.request_timeout} ms)`);
}

/** The API server could not be reached; `detail` is the socket error's code and message. */
export function unreachable(detail: string): AgentError<'UPSTREAM_UNREACHABLE'> {
  return new AgentError('UPSTREAM_UNREACHABLE', `API server unreachable: ${detail}`);
}

/** A stream broke off upstream; an error that already has its code (a watch event over its limit) keeps it. */
export function upstreamReset(err: unknown): AgentError<'UPSTREAM_UNREACHABLE' | 'TOO_LARGE'> {
  if (err instanceof AgentError && err.code === 'TOO_LARGE') return err as AgentError<'TOO_LARGE'>;
  return new AgentError('UPSTREAM_UNREACHABLE', `upstream reset: ${(err as Error).message}`, { cause: err });
}

// Why a request was ended while it ran: the AbortSignal reasons of the channel and the executors.

export function cancelled(): AgentError<'CANCELLED'> {
  return new AgentError('CANCELLED', 'cancelled');
}

export function windowExceeded(): AgentError<'WINDOW_EXCEEDED'> {
  return new AgentError('WINDOW_EXCEEDED', 'flow control: window exceeded');
}

export function idleTimeout(): AgentError<'IDLE_TIMEOUT'> {
  return new AgentError('IDLE_TIMEOUT', 'idle timeout');
}

export function socketLost(reason: string): AgentError<'SOCKET_LOST'> {
  return new AgentError('SOCKET_LOST', reason);
}

/** The owner's drain reason ('shutdown'). */
export function shutdown(reason: string): AgentError<'SHUTTING_DOWN'> {
  return new AgentError('SHUTTING_DOWN', reason);
}
