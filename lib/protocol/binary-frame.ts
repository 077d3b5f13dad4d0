// The binary form of a frame in protocol v2: one WebSocket binary message of
//
//   [ uint32 big-endian H ][ H bytes: the frame as UTF-8 JSON, without "body" ][ the body's raw bytes ]
//
// so a body travels as bytes instead of base64 inside a JSON string. A message
// is kept as its parts (prefix + JSON, body) until the socket writes them, so
// a 64 KiB chunk is never copied to be framed.

/** A binary message as its parts, written in order as one WebSocket message. */
export interface BinaryMessage {
  readonly parts: readonly Buffer[];
  readonly byteLength: number;
}

/** What a socket writes: a text message (string or UTF-8 bytes) or a binary message. */
export type Outbound = string | Buffer | BinaryMessage;

export function isBinaryMessage(data: unknown): data is BinaryMessage {
  return typeof data === 'object' && data !== null && !Buffer.isBuffer(data) && Array.isArray((data as BinaryMessage).parts);
}

export function outboundLength(data: Outbound): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  return Buffer.isBuffer(data) ? data.length : data.byteLength;
}

/** Builds the binary message of a frame (its JSON must not carry `body`) and its body. */
export function encodeBinary(frame: object, body: Buffer | undefined): BinaryMessage {
  const json = JSON.stringify(frame);
  const jsonLength = Buffer.byteLength(json);
  const head = Buffer.allocUnsafe(4 + jsonLength);
  head.writeUInt32BE(jsonLength, 0);
  head.write(json, 4, 'utf8');
  if (body === undefined || body.length === 0) return { parts: [head], byteLength: head.length };
  return { parts: [head, body], byteLength: head.length + body.length };
}

export type DecodedBinary = { ok: true; json: string; body: Buffer } | { ok: false; error: string; json?: string };

/** Splits a binary message into its JSON part and its body (a view, not a copy). Never throws. */
export function decodeBinary(data: Buffer): DecodedBinary {
  if (data.length < 4) return { ok: false, error: `binary frame of ${data.length} bytes is shorter than its 4-byte header length` };
  const jsonLength = data.readUInt32BE(0);
  if (jsonLength > data.length - 4) {
    return { ok: false, error: `binary frame header length ${jsonLength} runs past the end of the message (${data.length - 4} bytes after it)` };
  }
  const json = data.toString('utf8', 4, 4 + jsonLength);
  return { ok: true, json, body: data.subarray(4 + jsonLength) };
}
