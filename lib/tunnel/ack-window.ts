// How much bulk may be on its way to the peer and not yet read by it. The
// kernel's socket buffers (several MB on loopback, and Node can set neither
// SO_SNDBUF nor TCP_NOTSENT_LOWAT) would otherwise fill with list bytes, and
// every small answer queued behind them. The peer's reading is observed with
// WebSocket pings: a peer answers a ping once it has read everything before it
// (RFC 6455 §5.5.2), so a pong acknowledges the bulk bytes sent before its ping.
//
// The window adapts like a congestion window: twice the fastest delivery rate
// seen times the smallest round trip seen (the path's bandwidth-delay product),
// never under MIN_WINDOW nor over MAX_WINDOW. A path with room lets the window
// grow; once the peer is the bottleneck, what queues ahead of a small answer is
// about one round trip's worth of bytes. A peer that never answers a probe
// (pongs are mandatory, but a peer may still skip them) is not paced by pongs
// once one probe has gone unanswered for `stallMs`, until a pong comes.

/** Floor of the window: enough to keep a loopback or LAN path busy. */
export const MIN_WINDOW = 256 * 1024;
/** Ceiling of the window (a long fat path). */
export const MAX_WINDOW = 16 * 1024 * 1024;
/** Recent delivery-rate samples kept (the max of them is the rate). */
const RATE_SAMPLES = 8;

/** How long bulk waits for a pong before the peer is taken for one that does not answer pings. */
export const STALL_MS = 5_000;

/** Sends a ping; calls `onAck` when its pong arrives (never, if the socket dies). */
export type Probe = (onAck: () => void) => void;

export class AckWindow {
  readonly #probe: Probe;
  readonly #now: () => number;
  #onOpen: () => void = () => {};
  #sent = 0;
  #acked = 0;
  #probedUpTo = 0;
  #window = MIN_WINDOW;
  #rttMin = Infinity;
  #rates: number[] = [];
  #lastAck: { at: number; bytes: number } | undefined;
  readonly #stallMs: number;
  #stall: NodeJS.Timeout | undefined;
  #unpaced = false;

  constructor(probe: Probe, now: () => number = () => performance.now(), stallMs = STALL_MS) {
    this.#probe = probe;
    this.#now = now;
    this.#stallMs = stallMs;
  }

  /** True once a probe went unanswered for stallMs, until the next pong: bulk is not held for pongs meanwhile. */
  get unpaced(): boolean {
    return this.#unpaced;
  }

  /** Stops the stall timer (the socket is gone). */
  close(): void {
    clearTimeout(this.#stall);
  }

  /** Called when an acknowledgement may let bulk go again. */
  set onOpen(fn: () => void) {
    this.#onOpen = fn;
  }

  /** Bytes allowed unacknowledged now. */
  get window(): number {
    return this.#window;
  }

  /** Bulk bytes sent and not yet acknowledged. */
  get unacked(): number {
    return this.#sent - this.#acked;
  }

  /** Whether more bulk may go; when not, makes sure a probe is out that will open it. */
  get open(): boolean {
    if (this.#unpaced || this.#sent - this.#acked < this.#window) return true;
    if (this.#probedUpTo < this.#sent) this.#sendProbe();
    if (this.#stall === undefined) {
      this.#stall = setTimeout(() => {
        this.#unpaced = true;
        this.#onOpen();
      }, this.#stallMs);
      this.#stall.unref();
    }
    return false;
  }

  /** Bulk bytes handed to the socket: a probe goes out every quarter window. */
  sent(bytes: number): void {
    this.#sent += bytes;
    if (this.#sent - this.#probedUpTo >= this.#window / 4) this.#sendProbe();
  }

  #sendProbe(): void {
    const mark = this.#sent;
    const at = this.#now();
    this.#probedUpTo = mark;
    this.#probe(() => this.#ack(mark, at));
  }

  #ack(mark: number, sentAt: number): void {
    const now = this.#now();
    this.#rttMin = Math.min(this.#rttMin, now - sentAt);
    if (this.#lastAck !== undefined && now > this.#lastAck.at && mark > this.#lastAck.bytes) {
      this.#rates.push((mark - this.#lastAck.bytes) / (now - this.#lastAck.at));
      if (this.#rates.length > RATE_SAMPLES) this.#rates.shift();
    }
    this.#lastAck = { at: now, bytes: Math.max(mark, this.#lastAck?.bytes ?? 0) };
    if (this.#rates.length > 0) {
      const bdp = Math.max(...this.#rates) * this.#rttMin;
      this.#window = Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, 2 * bdp));
    }
    clearTimeout(this.#stall);
    this.#stall = undefined;
    // A peer that was only slow answers after all: pace it again.
    this.#unpaced = false;
    if (mark > this.#acked) {
      this.#acked = mark;
      this.#onOpen();
    }
  }
}
