// Moves a streaming API server response to the socket as chunk frames: one
// watch event per chunk for watches (decoded and cut as watch-framing.ts says),
// bytes in order in chunks of at most MAX_CHUNK_BYTES otherwise, compressed or
// not as the API server sent them. Each chunk is awaited on the sink before more is
// read, so a slow reader pauses this response and nothing else.
import type { Outbound } from '../protocol/binary-frame.ts';
import type { FrameEncoder } from '../protocol/response-frames.ts';
import { decodedBody, watchSplitter } from './watch-framing.ts';

/** Largest chunk of a non-watch stream. */
export const MAX_CHUNK_BYTES = 64 * 1024;

export interface ChunkSink {
  write(data: Outbound): Promise<void>;
  /** How large a chunk the socket wants now (smaller on a slow path), at most MAX_CHUNK_BYTES; else MAX_CHUNK_BYTES. */
  chunkBytes?(): number;
}

/** The sink (the socket) failed: the stream cannot be answered any more. */
export class SinkFailed extends Error {
  constructor(cause: unknown) {
    super('the socket is gone', { cause });
    this.name = 'SinkFailed';
  }
}

export interface PumpOptions {
  id: string;
  streamId: string;
  sink: ChunkSink;
  frames: FrameEncoder;
  watch: boolean;
  /** The response's Content-Type and Content-Encoding: how a watch is framed and compressed. */
  contentType?: string | undefined;
  contentEncoding?: string | undefined;
  /** Largest watch event accepted; a larger one ends the stream. */
  maxEventBytes: number;
  /** Called for every read from upstream (arms the idle timeout). */
  onData: () => void;
  onBytes?: (n: number) => void;
}

export type ResponseBody = AsyncIterable<Buffer> & { readonly readableLength: number };

/** The chunk size `sink` wants now. */
export function chunkSize(sink: ChunkSink): number {
  return sink.chunkBytes?.() ?? MAX_CHUNK_BYTES;
}

/** Sends `bytes` in order, in parts of at most the sink's chunk size each (read again before each part). */
export async function sendInChunks(bytes: Buffer, sink: ChunkSink, send: (part: Buffer) => Promise<void>): Promise<void> {
  for (let off = 0; off < bytes.length; ) {
    const end = Math.min(bytes.length, off + chunkSize(sink));
    await send(bytes.subarray(off, end));
    off = end;
  }
}

/** Whether the next read settles within this turn of the event loop. */
function arrivesSoon(next: Promise<unknown>): Promise<boolean> {
  return Promise.race([next.then(() => true, () => true), new Promise<boolean>((resolve) => setImmediate(resolve, false))]);
}

/** Resolves when the body ended; rejects with SinkFailed when the socket failed, else with the upstream error. */
export async function pumpStream(body: ResponseBody, o: PumpOptions): Promise<void> {
  const send = async (bytes: Buffer): Promise<void> => {
    o.onBytes?.(bytes.length);
    try {
      await o.sink.write(o.frames.chunk(o.id, o.streamId, bytes));
    } catch (err) {
      throw new SinkFailed(err);
    }
  };
  if (o.watch) {
    const splitter = watchSplitter(o.contentType, o.maxEventBytes);
    let source: AsyncIterable<Buffer>;
    try {
      source = decodedBody(body, o.contentEncoding);
    } catch (err) {
      await body[Symbol.asyncIterator]().return?.();
      throw err;
    }
    for await (const chunk of source) {
      o.onData();
      for (const event of splitter.push(chunk)) await send(event);
    }
    const last = splitter.end();
    if (last) await send(last);
    return;
  }
  // Coalesce reads into chunks of up to the sink's chunk size: a read that
  // leaves nothing buffered waits one turn of the event loop for more before it
  // goes out, so a large list travels in full chunks (a quarter of the frames,
  // and of the syscalls) while a log line still leaves at once.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await sendInChunks(all, o.sink, send);
  };
  const reads = body[Symbol.asyncIterator]();
  let next = reads.next();
  try {
    for (;;) {
      const read = await next;
      if (read.done) break;
      o.onData();
      pending.push(read.value);
      pendingBytes += read.value.length;
      next = reads.next();
      if (pendingBytes >= chunkSize(o.sink)) await flush();
      else if (body.readableLength === 0 && !(await arrivesSoon(next))) await flush();
    }
    await flush();
  } finally {
    // As for-await would: a pump that stops early destroys the body (which
    // aborts the upstream request), and the read still pending is let go.
    next.catch(() => {});
    await reads.return?.();
  }
}
