// How much bulk may be on its way to the peer and not yet read by it. The
// kernel's socket buffers (several MB on loopback, and Node can set neither
// SO_SNDBUF nor TCP_NOTSENT_LOWAT) would otherwise fill with list bytes, and
// every small answer queued behind them. The peer's reading is observed with
// WebSocket pings: a peer answers a ping once it has read everything before it
// (RFC 6455 §5.5.2), so a pong acknowledges the bulk bytes sent before its ping.
//
// The window adapts like a congestion window to the path's bandwidth-delay
// product:
// - the delivery rate is the fastest of recent samples, each the bytes
//   acknowledged between two pongs over the time between them. Chunks sent
//   back to back come out of the path's bottleneck one chunk's time apart, so
//   even a window too small to fill the path measures the path's rate (the
//   packet-pair effect). A sample's time is the longer of the span between
//   its two pongs and the span between sending their probes (bytes cannot be
//   read faster than they were sent: pongs that this event loop reads in one
//   go after a busy turn are nanoseconds apart), and at least half the
//   smallest round trip: pongs that arrive bunched (a peer, or this event
//   loop, that reads two at once) cannot fake a fast path;
// - the round trip is the smallest seen; when bulk starts on an idle path a
//   probe goes ahead of it, so one round trip is timed with no bulk in front.
// The window is GAIN times their product (a round trip of at least MIN_RTT_MS)
// plus room for one chunk, never under two chunks nor over MAX_WINDOW, and
// bulk goes only while the next frame fits. What is on its way ahead of a
// small answer is then at most about 1.25 round trips of the path's bytes and
// one chunk, on a slow link as on loopback.
//
// A chunk is what the path carries in CHUNK_MS, between MIN_CHUNK and
// MAX_CHUNK_BYTES (bulk senders read `chunkBytes`): on loopback and a LAN a list
// travels in 64 KiB chunks, and on a 2 MB/s uplink in 16 KiB ones, since a
// 64 KiB chunk alone would hold a small answer there for 31 ms.
//
// A peer that never answers a probe (pongs are mandatory, but a peer may still
// skip them) is not paced by pongs once one probe has gone unanswered for
// `stallMs`, until a pong comes.

import { MAX_CHUNK_BYTES } from '../proxy/response-pump.ts';

/**
 * Smallest bulk chunk: one more byte of frame header makes it bulk to the send
 * queue (SMALL_FRAME_BYTES), and past the size deflated by default.
 */
export const MIN_CHUNK = 16 * 1024;
/** A chunk holds about this long of the path's rate. */
const CHUNK_MS = 4;
/** The window before the path is measured: two chunks of the largest size. */
export const MIN_WINDOW = 2 * MAX_CHUNK_BYTES;
/** The window over the estimated bandwidth-delay product: above 1, so that a window that fills the path grows. */
const GAIN = 1.25;
/**
 * The least round trip the window is sized for. Under a millisecond the round
 * trip a probe sees is the peer's event loop rather than the path (loopback, a
 * LAN), and it grows with the load the peer is under: the window covers at
 * least a millisecond of the path's rate.
 */
const MIN_RTT_MS = 1;
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
  #chunk = MAX_CHUNK_BYTES;
  #rttMin = Infinity;
  #rates: number[] = [];
  /** Where the next rate sample starts: a pong's time, its probe's, and the bytes it acknowledged. */
  #sampleFrom: { at: number; sentAt: number; bytes: number } | undefined;
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

  /**
   * How large a bulk sender's chunks should be now: CHUNK_MS of the path's
   * rate, within MIN_CHUNK..MAX_CHUNK_BYTES. Pongs acknowledge whole chunks, so the
   * window holds one over the bandwidth-delay product, and that chunk is what
   * a small answer may find ahead of it beyond the product.
   */
  get chunkBytes(): number {
    return this.#chunk;
  }

  /** Bulk bytes sent and not yet acknowledged. */
  get unacked(): number {
    return this.#sent - this.#acked;
  }

  /**
   * Whether `bytes` more of bulk may go without passing the window (a frame
   * larger than the window goes alone); when not, makes sure a probe is out
   * that will open it.
   */
  allows(bytes: number): boolean {
    const unacked = this.#sent - this.#acked;
    if (this.#unpaced || unacked === 0 || unacked + bytes <= this.#window) return true;
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

  /**
   * Called just before bulk is handed to the socket: on an idle path (all bulk
   * acknowledged) a probe goes first, with nothing queued ahead of it, and
   * times the path's bare round trip.
   */
  beforeBulk(): void {
    if (this.#sent === this.#acked) this.#sendProbe();
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
    const from = this.#sampleFrom;
    const span = from === undefined ? 0 : Math.max(now - from.at, sentAt - from.sentAt);
    if (from === undefined) this.#sampleFrom = { at: now, sentAt, bytes: mark };
    else if (span > 0 && span >= this.#rttMin / 2) {
      if (mark > from.bytes) {
        this.#rates.push((mark - from.bytes) / span);
        if (this.#rates.length > RATE_SAMPLES) this.#rates.shift();
      }
      this.#sampleFrom = { at: now, sentAt: Math.max(sentAt, from.sentAt), bytes: Math.max(mark, from.bytes) };
    }
    const rate = this.#rates.length > 0 ? Math.max(...this.#rates) : 0;
    if (rate > 0) {
      this.#chunk = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK, Math.round(rate * CHUNK_MS)));
      this.#window = Math.min(MAX_WINDOW, Math.max(2 * this.#chunk, GAIN * rate * Math.max(this.#rttMin, MIN_RTT_MS) + this.#chunk));
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

