// Splits a protobuf watch body (`application/vnd.kubernetes.protobuf;stream=watch`)
// into events: the API server writes each event as a 4-byte big-endian length
// followed by that many bytes. Each event keeps its length prefix, so a Runner
// relays a chunk's bytes as they are and its client's decoder reads them as
// the API server wrote them. Bytes stay bytes: events are never decoded.

export class LengthPrefixedSplitter {
  readonly #maxEvent: number;
  #pending = Buffer.alloc(0);

  constructor(maxEventBytes: number) {
    this.#maxEvent = maxEventBytes;
  }

  /** Feeds a chunk; returns the complete events it closed. Throws on an oversized event. */
  push(chunk: Buffer): Buffer[] {
    // Copy once: the caller may reuse the chunk's memory, and events are views of #pending.
    this.#pending = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    const events: Buffer[] = [];
    let start = 0;
    while (this.#pending.length - start >= 4) {
      const length = this.#pending.readUInt32BE(start);
      if (length + 4 > this.#maxEvent) throw new RangeError(`watch event larger than ${this.#maxEvent} bytes`);
      if (this.#pending.length - start < 4 + length) break;
      events.push(this.#pending.subarray(start, start + 4 + length));
      start += 4 + length;
    }
    this.#pending = this.#pending.subarray(start);
    return events;
  }

  /** A body that ends inside an event is cut short: what is left is not an event. */
  end(): Buffer | undefined {
    if (this.#pending.length > 0) throw new RangeError(`watch body ended inside an event (${this.#pending.length} bytes left)`);
    return undefined;
  }
}
