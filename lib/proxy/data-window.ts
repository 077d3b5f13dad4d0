// Credit-based flow control of an upgraded stream toward the API server. The
// peer may have at most `size` bytes of DATA that the agent has not yet handed
// to the API server's connection; the agent grants more as it hands bytes on.
// Bytes past the window are refused, never buffered, so a peer cannot make the
// agent hold more than one window per stream.

export type UpstreamWriter = (bytes: Buffer, written: () => void) => void;

export class DataWindow {
  readonly size: number;
  #writer: UpstreamWriter | undefined;
  /** Received from the peer and not yet acknowledged. */
  #outstanding = 0;
  /** Handed upstream and not yet acknowledged to the peer. */
  #released = 0;
  #onGrant: (bytes: number) => void = () => {};

  constructor(size: number) {
    this.size = size;
  }

  /** Opens the window (at the 101): bytes go to `writer`, grants to `onGrant`. */
  open(writer: UpstreamWriter, onGrant: (bytes: number) => void): void {
    this.#writer = writer;
    this.#onGrant = onGrant;
  }

  /** Closes the window: later bytes are dropped (the stream is ending). */
  close(): void {
    this.#writer = undefined;
    this.#onGrant = () => {};
  }

  /** Takes one DATA body. False when the peer sent past its window (or before it was opened). */
  push(bytes: Buffer): boolean {
    if (bytes.length === 0) return true;
    const writer = this.#writer;
    if (writer === undefined) return false;
    // What the peer has not seen acknowledged: still upstream-bound, or through but not yet granted back.
    if (this.#outstanding + this.#released + bytes.length > this.size) return false;
    this.#outstanding += bytes.length;
    writer(bytes, () => this.#release(bytes.length));
    return true;
  }

  #release(n: number): void {
    this.#outstanding -= n;
    this.#released += n;
    // Grant in batches while bytes keep coming, at once when all are through
    // (an interactive keystroke is acknowledged by itself).
    if (this.#released >= this.size / 4 || this.#outstanding === 0) {
      const grant = this.#released;
      this.#released = 0;
      this.#onGrant(grant);
    }
  }
}
