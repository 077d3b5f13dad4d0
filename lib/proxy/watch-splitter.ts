// Splits a JSON watch response body into events. The API server writes one JSON
// object per line; TCP may cut anywhere, so bytes are held until a newline.
// Bytes stay bytes: events are never parsed, only located.
import { eventTooLarge } from './refusals.ts';

export class WatchSplitter {
  readonly #maxEvent: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(maxEventBytes: number) {
    this.#maxEvent = maxEventBytes;
  }

  /** Feeds a chunk; returns the complete events it closed (without the newline). Throws on an oversized event. */
  push(chunk: Buffer): Buffer[] {
    const events: Buffer[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) break;
      let event: Buffer;
      if (this.#pendingBytes > 0) {
        this.#pending.push(chunk.subarray(start, nl));
        event = Buffer.concat(this.#pending);
        this.#pending = [];
        this.#pendingBytes = 0;
      } else {
        event = chunk.subarray(start, nl);
      }
      start = nl + 1;
      const trimmed = trimCR(event);
      if (trimmed.length > 0) events.push(trimmed);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#pendingBytes += rest.length;
      if (this.#pendingBytes > this.#maxEvent) {
        throw eventTooLarge(this.#maxEvent);
      }
      // Copy: the caller may reuse the chunk's memory.
      this.#pending.push(Buffer.from(rest));
    }
    return events;
  }

  /** What is left when the body ends: a last event without a trailing newline. */
  end(): Buffer | undefined {
    if (this.#pendingBytes === 0) return undefined;
    const event = trimCR(Buffer.concat(this.#pending));
    this.#pending = [];
    this.#pendingBytes = 0;
    return event.length > 0 ? event : undefined;
  }
}

function trimCR(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 0x0d ? b.subarray(0, b.length - 1) : b;
}
