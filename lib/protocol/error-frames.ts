// The one place frames carrying an agent error are built. The status comes
// from the registry (lib/errors.ts), `error_code` is the error's code and
// `error` its message, so a peer acts on the code and shows the text.
//
// The rule for `stream_id`: a request the agent refuses or fails before its
// stream started (no start frame was sent) is answered by `id` alone, never
// with a `stream_id`: none was opened, and the one the request asked for may
// belong to another stream. A stream request's refusal is a done frame, so a
// peer waiting for `done` is never left waiting; every other refusal is a
// plain response.
import type { FrameError } from '../errors.ts';
import { encodeFrame } from './response-frames.ts';
import type { K8sProxyResponse } from './types.ts';

export interface RefusalOptions {
  /** The request was a stream request: answer with a done frame. */
  stream?: boolean;
  /** Response headers (`Retry-After`). */
  headers?: Record<string, string>;
}

/** `{id, status_code, headers?, error_code, error}`, plus `stream, done` for a stream request. */
export function errorResponse(id: string, err: FrameError, options: RefusalOptions = {}): K8sProxyResponse {
  const frame: K8sProxyResponse = { id, status_code: err.status };
  if (options.headers) frame.headers = options.headers;
  frame.error_code = err.code;
  frame.error = err.message;
  if (options.stream === true) {
    frame.stream = true;
    frame.done = true;
  }
  return frame;
}

/** errorResponse as the text frame it is sent as (it has no body, so it is text in both versions). */
export function errorFrame(id: string, err: FrameError, options: RefusalOptions = {}): string {
  return encodeFrame(errorResponse(id, err, options));
}

/** The done frame of a stream that started: `error_code` and `error` when it ended abnormally. */
export function streamEndFrame(id: string, streamId: string, err?: FrameError): string {
  const frame: K8sProxyResponse = { id, stream: true, stream_id: streamId, done: true };
  if (err !== undefined) {
    frame.error_code = err.code;
    frame.error = err.message;
  }
  return encodeFrame(frame);
}

/** The answer to a CANCEL that found its stream. */
export function acknowledgeFrame(id: string): string {
  return encodeFrame({ id, status_code: 200 });
}
