// Builders for response frames. Chunk frames are assembled as bytes around the
// base64 body, so a large chunk is never run through JSON.stringify (base64 has
// no character JSON would escape).
import type { K8sProxyResponse } from '../protocol/types.ts';

export function encodeFrame(frame: K8sProxyResponse): string {
  return JSON.stringify(frame);
}

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

export function errorFrame(
  id: string,
  status: number,
  error: string,
  stream?: { stream_id?: string | undefined },
  headers?: Record<string, string>,
): string {
  const frame: K8sProxyResponse = { id, status_code: status };
  if (headers) frame.headers = headers;
  frame.error = error;
  if (stream) {
    frame.stream = true;
    if (stream.stream_id) frame.stream_id = stream.stream_id;
    frame.done = true;
  }
  return encodeFrame(frame);
}
