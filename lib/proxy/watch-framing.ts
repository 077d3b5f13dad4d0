// How a watch is asked of the API server and read back, so that each chunk the
// agent sends is exactly one watch event whatever Accept and Accept-Encoding the
// frame carried. JSON is negotiated whenever the client accepts it (Table watch
// events included: they are JSON, one object per line); a client that accepts
// only protobuf gets protobuf, cut at its 4-byte length prefixes. The body is
// asked for uncompressed, since a compressed stream has no event boundaries;
// should it come compressed all the same, it is decoded here and the start
// frame does not claim an encoding its chunks no longer have.
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { LengthPrefixedSplitter } from './length-prefixed-splitter.ts';
import { WatchSplitter } from './watch-splitter.ts';

const JSON_TYPE = 'application/json';
/** The API server's protobuf media type; its watch form is `;stream=watch`, length-prefixed. */
export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

/** Cuts a decoded watch body into events: `push` returns the events a read completed, `end` what the body's end leaves. */
export interface EventSplitter {
  push(chunk: Buffer): Buffer[];
  end(): Buffer | undefined;
}

/** Rewrites a watch request's headers in place: an Accept the agent can split, and no compression. */
export function negotiateWatch(headers: Record<string, string>): void {
  headers.accept = watchAccept(headers.accept);
  headers['accept-encoding'] = 'identity';
}

/**
 * The Accept to send for a watch: the client's JSON ranges, in its order and with their parameters (`as=Table;...`),
 * when it has any (wildcards read as JSON, the API server's default); else its protobuf ranges; else JSON. An Accept
 * made only of JSON ranges is sent unchanged.
 */
export function watchAccept(accept: string | undefined): string {
  if (accept === undefined || accept.trim() === '') return JSON_TYPE;
  const ranges = accept.split(',').map((r) => r.trim()).filter((r) => r !== '');
  const json: string[] = [];
  const protobuf: string[] = [];
  for (const range of ranges) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim());
    // q=0 means "not acceptable" (RFC 9110 §12.4.2).
    if (params.some((p) => /^q\s*=\s*0(?:\.0{0,3})?$/i.test(p))) continue;
    const t = type.toLowerCase();
    if (t === JSON_TYPE) json.push(range);
    else if (t === '*/*' || t === 'application/*') json.push(JSON_TYPE);
    else if (t === PROTOBUF_TYPE) protobuf.push(range);
  }
  if (json.length === ranges.length && json.every((r, i) => r === ranges[i])) return accept;
  const chosen = json.length > 0 ? json : protobuf.length > 0 ? protobuf : [JSON_TYPE];
  return [...new Set(chosen)].join(',');
}

/** The splitter for a watch response of this Content-Type. */
export function watchSplitter(contentType: string | undefined, maxEventBytes: number): EventSplitter {
  return isProtobuf(contentType) ? new LengthPrefixedSplitter(maxEventBytes) : new WatchSplitter(maxEventBytes);
}

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === PROTOBUF_TYPE;
}

/** A watch's start-frame headers: its chunks are decoded, so no Content-Encoding. */
export function watchStartHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-encoding') out[name] = value;
  }
  return out;
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The body as identity bytes. Throws for an encoding the agent cannot decode (the caller ends the stream). */
export function decodedBody(body: AsyncIterable<Buffer>, contentEncoding: string | undefined): AsyncIterable<Buffer> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  const decoder = DECODERS[encoding];
  if (decoder === undefined) throw new Error(`watch response in Content-Encoding ${encoding}, which the agent cannot decode`);
  // pipeline destroys the body when the decoder stops early (CANCEL), as for-await on the body would.
  return pipeline(body, decoder(), () => {});
}
