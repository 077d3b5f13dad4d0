// The one event every proxied request ends with, whoever answered it: the
// executor (from its finally block), the channel (its own refusals and CANCEL
// answers) and the upgrade executor. Observers (the audit trail) build
// what they need from it; nothing here is serialised or kept.
import type { ErrorCode } from '../errors.ts';
import type { K8sProxyRequest } from '../protocol/types.ts';

export type RequestKind = 'request' | 'stream' | 'upgrade';

export interface RequestEnd {
  kind: RequestKind;
  /** The socket it came in on: `control-plane` or the Runner's name. */
  socket: string;
  /** The frame's id ('' when it could not be read). */
  id: string;
  /** The frame as received; undefined when it was too large or broken to parse. */
  frame: K8sProxyRequest | undefined;
  /** `WATCH` for watches, else the frame's method ('' when unknown). */
  verb: string;
  /** The status sent back; 0 when nobody could be answered. */
  status: number;
  /** True when the agent answered by itself (a refusal, a timeout) rather than relaying the API server. */
  byAgent: boolean;
  /** The agent's error text, or why a stream ended; undefined for a plain success. */
  reason: string | undefined;
  /** The code of the agent's error (the frame's `error_code`), when it failed the request or ended the stream. */
  code?: ErrorCode | undefined;
  /** Body bytes sent to the API server and relayed back from it. */
  bytesUp: number;
  bytesDown: number;
  /** Epoch milliseconds when the frame arrived. */
  startedAt: number;
  seconds: number;
}

/** The hook itself, part of both the executor's and the channel's observer interfaces. */
export interface RequestEndObserver {
  onRequestEnd?(end: RequestEnd): void;
}
