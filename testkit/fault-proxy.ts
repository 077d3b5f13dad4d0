// A TCP proxy that injects network faults between the agent and a peer (a
// Runner, the control plane, the API server; TLS passes through untouched):
// delay, a bandwidth cap, a stall (forwarding stops, sockets stay open), a
// half-open link (the far side is dropped silently and never closed), a cut,
// and the listener going down and coming back on the same port.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type FaultMode = 'pass' | 'stall' | 'half-open';

export interface FaultProxyOptions {
  /** Milliseconds each chunk takes to cross (pipelined, as on a long link). */
  delayMs?: number;
  /** Bytes per second in each direction; 0 = unlimited. */
  bytesPerSecond?: number;
}

interface Link {
  client: Socket;
  upstream: Socket;
  /** Stops the forwarding timers of both directions. */
  stop(): void;
}

/** Above this many bytes queued in the proxy, the sending side is paused. */
const QUEUE_LIMIT = 256 * 1024;
/** Largest piece a capped link puts on the wire at once (a piece is also at most 10 ms of the cap). */
const PIECE = 16 * 1024;

export class FaultProxy {
  readonly targetHost: string;
  readonly targetPort: number;
  delayMs: number;
  bytesPerSecond: number;
  /** Connections accepted so far. */
  connections = 0;
  bytesUp = 0;
  bytesDown = 0;
  #mode: FaultMode = 'pass';
  #server: Server;
  #port = 0;
  readonly #links = new Set<Link>();
  /** Sockets left open on purpose by half-open mode; destroyed by close(). */
  readonly #orphans = new Set<Socket>();

  constructor(targetHost: string, targetPort: number, options: FaultProxyOptions = {}) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.delayMs = options.delayMs ?? 0;
    this.bytesPerSecond = options.bytesPerSecond ?? 0;
    this.#server = this.#createServer();
  }

  async listen(port = this.#port): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get port(): number {
    return this.#port;
  }

  get mode(): FaultMode {
    return this.#mode;
  }

  /** Connections open right now (links through the proxy, not orphans). */
  get open(): number {
    return this.#links.size;
  }

  /** Stops forwarding both ways; sockets stay open and TCP backpressure builds up. */
  stall(): void {
    this.#mode = 'stall';
    for (const l of this.#links) {
      l.client.pause();
      l.upstream.pause();
    }
  }

  /**
   * The link goes dead without a FIN or RST: bytes from either side are read
   * and thrown away, and when the agent gives up on its socket the far side is
   * never told (the upstream socket is left open, as after a lost peer).
   */
  halfOpen(): void {
    this.#mode = 'half-open';
    for (const l of this.#links) {
      l.client.resume();
      l.upstream.resume();
    }
  }

  /** Back to forwarding (after stall or half-open) for links still open and new ones. */
  pass(): void {
    this.#mode = 'pass';
    for (const l of this.#links) {
      l.client.resume();
      l.upstream.resume();
    }
  }

  /** Cuts every open connection at once (RST-like: both sockets destroyed). */
  cut(): void {
    for (const l of [...this.#links]) this.#end(l);
  }

  /** Stops listening and cuts everything: the peer is down (connection refused). */
  async down(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Listens again on the same port after down(). */
  async up(): Promise<void> {
    this.#server = this.#createServer();
    await this.listen(this.#port);
  }

  async close(): Promise<void> {
    this.cut();
    for (const s of this.#orphans) s.destroy();
    this.#orphans.clear();
    if (this.#server.listening) await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #createServer(): Server {
    // No Nagle on either side: a link delivers what it carries when it arrives,
    // and Nagle's wait for an ACK (delayed up to 40 ms) is no part of one.
    return createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.#accept(client));
  }

  #accept(client: Socket): void {
    this.connections++;
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort, allowHalfOpen: true, noDelay: true });
    const timers = new Set<NodeJS.Timeout>();
    const link: Link = {
      client,
      upstream,
      stop: () => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
      },
    };
    this.#links.add(link);
    this.#forward(link, client, upstream, timers, (n) => (this.bytesUp += n));
    this.#forward(link, upstream, client, timers, (n) => (this.bytesDown += n));
    const onClose = (who: Socket) => (): void => {
      if (!this.#links.has(link)) return;
      if (this.#mode === 'half-open') {
        // The other side never learns: keep it open, reading into the void.
        this.#links.delete(link);
        link.stop();
        const other = who === client ? upstream : client;
        if (!other.destroyed) {
          this.#orphans.add(other);
          other.removeAllListeners('data');
          other.on('data', () => {});
          other.resume();
          other.once('close', () => this.#orphans.delete(other));
        }
        return;
      }
      this.#end(link);
    };
    client.on('close', onClose(client));
    upstream.on('close', onClose(upstream));
    client.on('error', () => {});
    upstream.on('error', () => {});
    if (this.#mode === 'stall') {
      client.pause();
      upstream.pause();
    }
  }

  // A link: each piece is put on the wire after the pieces before it, at the
  // bandwidth cap (serialisation), and arrives delayMs later (propagation,
  // pipelined: a second piece does not wait for the first one's delay). Up to
  // QUEUE_LIMIT bytes wait in the proxy, as in a router's queue; past that the
  // sender is paused and TCP backpressure fills the kernel's buffers.
  #forward(link: Link, from: Socket, to: Socket, timers: Set<NodeJS.Timeout>, count: (n: number) => void): void {
    const queue: { at: number; data: Buffer }[] = [];
    let queued = 0;
    let wireFree = 0;
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    // The receiver's reading holds the link too, as TCP's flow control would.
    let blocked = false;
    const flush = (): void => {
      if (timer !== undefined) timers.delete(timer);
      timer = undefined;
      if (!this.#links.has(link) || this.#mode === 'half-open' || blocked) return;
      const now = performance.now();
      while (queue.length > 0 && queue[0].at <= now) {
        const { data } = queue.shift()!;
        queued -= data.length;
        if (!to.write(data)) {
          blocked = true;
          to.once('drain', () => {
            blocked = false;
            flush();
          });
          return;
        }
      }
      if (queued <= QUEUE_LIMIT && this.#mode === 'pass') from.resume();
      if (queue.length > 0) arm(now);
      else if (ended) to.end();
    };
    /** Wakes flush when the first piece is due. */
    const arm = (now: number): void => {
      timer = setTimeout(flush, queue[0].at - now);
      timers.add(timer);
    };
    from.on('data', (data: Buffer) => {
      if (this.#mode === 'half-open') return;
      count(data.length);
      if (this.delayMs === 0 && this.bytesPerSecond === 0 && queue.length === 0) {
        if (!to.write(data)) {
          from.pause();
          to.once('drain', () => this.#mode === 'pass' && from.resume());
        }
        return;
      }
      const bps = this.bytesPerSecond;
      const piece = bps > 0 ? Math.max(1, Math.min(PIECE, Math.floor(bps / 100))) : data.length;
      const now = performance.now();
      for (let off = 0; off < data.length; off += piece) {
        const part = data.subarray(off, off + piece);
        wireFree = Math.max(now, wireFree) + (bps > 0 ? (part.length / bps) * 1000 : 0);
        const at = Math.max(wireFree + this.delayMs, queue.at(-1)?.at ?? 0);
        queue.push({ at, data: part });
      }
      queued += data.length;
      if (queued > QUEUE_LIMIT) from.pause();
      if (timer === undefined && !blocked) arm(now);
    });
    from.on('end', () => {
      if (this.#mode === 'half-open') return;
      ended = true;
      if (queue.length === 0 && timer === undefined && !blocked) to.end();
    });
  }

  #end(link: Link): void {
    this.#links.delete(link);
    link.stop();
    link.client.destroy();
    link.upstream.destroy();
  }
}
