// The stable code (lib/errors.ts) of an answer the agent gave by itself, from
// its status and the text it sent. The executor and the channel keep their
// refusal texts; this is the one place that maps them, so the audit trail can
// be filtered by code without either of them knowing about it.
import type { ErrorCode } from '../errors.ts';

export function agentErrorCode(status: number, reason: string): ErrorCode | undefined {
  switch (status) {
    case 400:
      return 'FRAME_INVALID';
    case 403:
      return 'POLICY_REFUSED';
    case 404:
      return 'UNKNOWN_STREAM';
    case 409:
      return 'DUPLICATE_ID';
    case 413:
      return 'TOO_LARGE';
    case 429:
      if (reason.startsWith('rate limited')) return 'RATE_LIMITED';
      return reason.startsWith('too many streams') ? 'TOO_MANY_STREAMS' : 'TOO_MANY_REQUESTS';
    case 502:
      return 'UPSTREAM_UNREACHABLE';
    case 503:
      return 'SHUTTING_DOWN';
    case 504:
      return 'TIMEOUT';
    default:
      // 499 and 0: cancelled or the socket was lost; the record's error/ended says which.
      return undefined;
  }
}
