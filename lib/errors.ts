// One error type for the whole agent. Every error the agent raises carries a
// stable `code` (listed in docs/errors.md) and, where it becomes a response
// frame, the HTTP-like status the protocol prescribes for it. Frames carry the
// code as `error_code` (lib/protocol/error-frames.ts builds them), so a peer
// never has to read the prose in `error`.

export const ErrorCodes = {
  CONFIG_INVALID: { status: 0, text: 'the configuration is invalid; the agent does not start' },
  CONFIG_UNREADABLE: { status: 0, text: 'a configuration or token file cannot be read' },
  USAGE: { status: 0, text: 'unknown command-line flag or command' },
  FRAME_INVALID: { status: 400, text: 'a frame failed schema validation or is not JSON, or broke a stream\'s rules' },
  POLICY_REFUSED: { status: 403, text: 'the request breaks a proxy rule (path, header, impersonation, upgrade target)' },
  UPGRADE_DISABLED: { status: 403, text: 'an upgraded stream the configuration turns off (proxy.upgrade.enabled, proxy.upgrade.exec)' },
  UNKNOWN_STREAM: { status: 404, text: 'CANCEL or DATA for a stream that is not open' },
  DUPLICATE_ID: { status: 409, text: 'a request id that is already in flight on this socket' },
  TOO_LARGE: { status: 413, text: 'an inbound frame, a request body or a watch event over its limit' },
  RESPONSE_TOO_LARGE: { status: 413, text: 'a buffered (non-stream) response over proxy.max_response_bytes; send it with stream: true' },
  RATE_LIMITED: { status: 429, text: 'request rate per socket over its limit' },
  TOO_MANY_REQUESTS: { status: 429, text: 'concurrent requests per socket over their limit' },
  TOO_MANY_STREAMS: { status: 429, text: 'concurrent streams per socket over their limit' },
  CANCELLED: { status: 499, text: 'the peer cancelled the stream (CANCEL)' },
  SOCKET_LOST: { status: 499, text: 'the socket the request came on closed; nobody is left to answer' },
  WINDOW_EXCEEDED: { status: 400, text: 'an upgraded stream\'s peer sent DATA past its window' },
  UPSTREAM_UNREACHABLE: { status: 502, text: 'the API server could not be reached or reset the connection' },
  SHUTTING_DOWN: { status: 503, text: 'the agent is shutting down and takes no new requests' },
  TIMEOUT: { status: 504, text: 'the API server did not answer within the request timeout' },
  IDLE_TIMEOUT: { status: 504, text: 'a stream carried no bytes for its idle timeout' },
  CREDENTIALS: { status: 0, text: 'no usable Kubernetes credentials (service-account files or kubeconfig)' },
  AUTH_REJECTED: { status: 0, text: 'a control plane or Runner refused the token (401/403 at upgrade)' },
  SUBPROTOCOL: { status: 0, text: 'a server selected neither the pipeops.agent.v2 nor the pipeops.agent.v1 subprotocol' },
  REGISTER_FAILED: { status: 0, text: 'the control plane answered register with an error or not at all' },
  LISTEN_FAILED: { status: 0, text: 'the health listener cannot bind agent.host:agent.port' },
  AUDIT_WRITE_FAILED: { status: 0, text: 'audit records could not be written; they are dropped and counted' },
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** The codes that can end a request on the wire: those with a frame status. */
export type FrameErrorCode = { [C in ErrorCode]: (typeof ErrorCodes)[C]['status'] extends 0 ? never : C }[ErrorCode];

export interface AgentErrorOptions {
  cause?: unknown;
}

export class AgentError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options: AgentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
  }

  /** The status code a response frame carries for this error (0 when it never becomes a frame). */
  get status(): number {
    return ErrorCodes[this.code].status;
  }
}

export function isAgentError(err: unknown, code?: ErrorCode): err is AgentError {
  return err instanceof AgentError && (code === undefined || err.code === code);
}

/** An error that can end a request on the wire (its code has a frame status). */
export type FrameError = AgentError<FrameErrorCode>;

export function isFrameError(err: unknown): err is FrameError {
  return err instanceof AgentError && err.status !== 0;
}

/**
 * The error a request was aborted with (AbortSignal.reason): a frame error as
 * it is, anything else (a plain string from an owner) under `fallback`.
 */
export function abortError(reason: unknown, fallback: FrameErrorCode): FrameError {
  if (isFrameError(reason)) return reason;
  const message = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
  return new AgentError(fallback, message);
}
