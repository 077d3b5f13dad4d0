// Splits a protobuf watch body (`application/vnd.kubernetes.protobuf;stream=watch`)
// into events: the API server writes each event as a 4-byte big-endian length
// followed by that many bytes. A chunk is the event without its prefix, as a JSON
// chunk is the event without its newline; a Runner frames it again from the start
// frame's Content-Type. Parts are joined once per event, not once per read, so a
// large event arriving in many reads is copied a bounded number of times. Bytes
// stay bytes: events are never decoded.
import { eventTooLarge } from './refusals.ts';

export class LengthPrefixedSplitter {
  readonly #maxEvent: number;
  #parts: Buffer[] = [];
  #have = 0;
  /** Length of the event being read; -1 while its prefix is still to come. */
  #need = -1;

  constructor(maxEventBytes: number) {
    this.#maxEvent = maxEventBytes;
  }

  /** Feeds a chunk; returns the complete events it closed. Throws on an oversized event. */
  push(chunk: Buffer): Buffer[] {
    const events: Buffer[] = [];
    if (chunk.length === 0) return events;
    this.#parts.push(chunk);
    this.#have += chunk.length;
    for (;;) {
      if (this.#need === -1) {
        if (this.#have < 4) break;
        this.#need = this.#take(4).readUInt32BE(0);
        if (this.#need > this.#maxEvent) throw eventTooLarge(this.#maxEvent);
      }
      if (this.#have < this.#need) break;
      const event = this.#take(this.#need);
      this.#need = -1;
      if (event.length > 0) events.push(event);
    }
    // Copy what is held: the caller may reuse the chunk's memory.
    const last = this.#parts.length - 1;
    const held = this.#parts[last];
    if (held !== undefined && held.buffer === chunk.buffer) this.#parts[last] = Buffer.from(held);
    return events;
  }

  /** A body must end between events: anything held is a cut-off event. */
  end(): Buffer | undefined {
    if (this.#have > 0 || this.#need !== -1) throw new RangeError('watch stream ended inside a length-prefixed event');
    return undefined;
  }

  #take(n: number): Buffer {
    const all = this.#parts.length === 1 ? this.#parts[0] : Buffer.concat(this.#parts, this.#have);
    this.#parts = n < all.length ? [all.subarray(n)] : [];
    this.#have -= n;
    return all.subarray(0, n);
  }
}
