// Builders for the frames the agent sends. A frame with a body goes out in the
// form its socket's protocol version calls for: in v1 a text frame with the
// body in base64, in v2 a binary message with the body as raw bytes. v1 chunk
// frames are assembled as bytes around the base64 body, so a large chunk is
// never run through JSON.stringify (base64 has no character JSON would escape).
import type { ProtocolVersion } from '../version.ts';
import { encodeBinary, type Outbound } from './binary-frame.ts';
import type { K8sProxyResponse } from './types.ts';

export interface FrameEncoder {
  readonly version: ProtocolVersion;
  /** A response, start or done frame; `body` is its body as bytes (frame.body must be unset). */
  frame(frame: K8sProxyResponse, body?: Buffer): Outbound;
  /** `{id, stream, stream_id, chunk, body}`. */
  chunk(id: string, streamId: string, body: Buffer): Outbound;
}

export function encodeFrame(frame: K8sProxyResponse): string {
  return JSON.stringify(frame);
}

const v1: FrameEncoder = {
  version: 1,
  frame(frame, body) {
    return encodeFrame(body === undefined || body.length === 0 ? frame : { ...frame, body: body.toString('base64') });
  },
  chunk: chunkFrame,
};

const v2: FrameEncoder = {
  version: 2,
  frame(frame, body) {
    return body === undefined || body.length === 0 ? encodeFrame(frame) : encodeBinary(frame, body);
  },
  chunk(id, streamId, body) {
    return encodeBinary({ id, stream: true, stream_id: streamId, chunk: true }, body);
  },
};

export const FRAME_ENCODERS: Readonly<Record<ProtocolVersion, FrameEncoder>> = { 1: v1, 2: v2 };

/** `{"id":…,"stream":true,"stream_id":…,"chunk":true,"body":"<base64>"}` as one buffer. */
export function chunkFrame(id: string, streamId: string, body: Buffer): Buffer {
  const head = `{"id":${JSON.stringify(id)},"stream":true,"stream_id":${JSON.stringify(streamId)},"chunk":true,"body":"`;
  const headLen = Buffer.byteLength(head);
  const b64Len = 4 * Math.ceil(body.length / 3);
  const out = Buffer.allocUnsafe(headLen + b64Len + 2);
  out.write(head, 0, 'utf8');
  out.write(body.toString('base64'), headLen, 'latin1');
  out[headLen + b64Len] = 0x22; // "
  out[headLen + b64Len + 1] = 0x7d; // }
  return out;
}
