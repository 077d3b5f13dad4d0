// The Runners the agent serves: exactly one socket per Runner. A new set from
// the control plane dials what is new, closes what was removed and leaves the
// rest alone, so losing or changing one Runner never disturbs another.
import type { Logger } from 'pino';
import type { ProtocolVersion } from '../version.ts';
import type { RunnerAssignment, HelloMessage } from '../protocol/types.ts';
import { OutboundSocket, type OutboundSocketOptions } from '../tunnel/outbound-socket.ts';
import { isPlaintextRemote } from '../config/url-policy.ts';

export type RunnerSocketOptions = Omit<OutboundSocketOptions, 'name' | 'url' | 'token' | 'onOpen' | 'onClose' | 'onGiveUp'>;

export interface RunnerSetOptions {
  socket: RunnerSocketOptions;
  logger: Logger;
  /** The hello payload for a socket of the given protocol version (its capabilities differ). */
  hello: (version: ProtocolVersion) => HelloMessage['payload'];
  /** Every established Runner connection; `reconnect` is false for a socket's first. */
  onConnected?: (reconnect: boolean) => void;
  /** pipeops.tls.enabled: refuse plain ws:// Runners other than on loopback, whoever assigns them. */
  requireTls?: boolean;
}

interface RunnerEntry {
  key: string;
  assignment: RunnerAssignment;
  socket: OutboundSocket;
}

export class RunnerSet {
  readonly #opts: RunnerSetOptions;
  readonly #runners = new Map<string, RunnerEntry>();

  constructor(options: RunnerSetOptions) {
    this.#opts = options;
  }

  get size(): number {
    return this.#runners.size;
  }

  /** Runner sockets that are open right now. */
  get connected(): number {
    let n = 0;
    for (const r of this.#runners.values()) if (r.socket.connected) n++;
    return n;
  }

  get activeStreams(): number {
    let n = 0;
    for (const r of this.#runners.values()) n += r.socket.channel?.activeStreams ?? 0;
    return n;
  }

  get backlogBytes(): number {
    let n = 0;
    for (const r of this.#runners.values()) n += r.socket.channel?.backlogBytes ?? 0;
    return n;
  }

  sockets(): OutboundSocket[] {
    return [...this.#runners.values()].map((r) => r.socket);
  }

  /** Replaces the set: dials new Runners, closes removed ones, keeps unchanged ones. */
  async update(assignments: RunnerAssignment[]): Promise<void> {
    const wanted = new Map<string, RunnerAssignment>();
    for (const a of assignments) {
      const problem = this.#refuse(a);
      if (problem) this.#opts.logger.error({ runner: a.name ?? '(unnamed)', problem }, 'runner assignment refused');
      else wanted.set(keyOf(a), a);
    }
    const removed: RunnerEntry[] = [];
    for (const [key, entry] of this.#runners) {
      if (!wanted.has(key)) {
        removed.push(entry);
        this.#runners.delete(key);
      }
    }
    for (const [key, a] of wanted) {
      if (this.#runners.has(key)) continue;
      const entry: RunnerEntry = { key, assignment: a, socket: this.#socket(a) };
      this.#runners.set(key, entry);
      entry.socket.start();
      this.#opts.logger.info({ runner: a.name ?? a.url }, 'runner assigned');
    }
    await Promise.all(
      removed.map(async (r) => {
        this.#opts.logger.info({ runner: r.assignment.name ?? r.assignment.url }, 'runner removed');
        await r.socket.stop();
      }),
    );
  }

  async stop(drainTimeoutMs?: number): Promise<void> {
    const all = [...this.#runners.values()];
    this.#runners.clear();
    await Promise.all(all.map((r) => r.socket.stop(drainTimeoutMs)));
  }

  #refuse(a: RunnerAssignment): string | undefined {
    let url: URL;
    try {
      url = new URL(a.url);
    } catch {
      return 'the url is not a URL';
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return `the url must be ws:// or wss://, not ${url.protocol}//`;
    if (this.#opts.requireTls && isPlaintextRemote(a.url)) {
      return 'plain ws:// to a remote host while pipeops.tls.enabled is true; the Runner must use wss://';
    }
    return undefined;
  }

  #socket(a: RunnerAssignment): OutboundSocket {
    const name = `runner:${a.name ?? new URL(a.url).host}`;
    const socket: OutboundSocket = new OutboundSocket({
      ...this.#opts.socket,
      name,
      url: a.url,
      token: () => a.token,
      onOpen: (channel) => {
        // hello goes first on every Runner socket, before any answer.
        channel.sendSession({ type: 'hello', payload: this.#opts.hello(channel.version) }).catch(() => {});
        this.#opts.onConnected?.(socket.connects > 1);
      },
    });
    return socket;
  }
}

function keyOf(a: RunnerAssignment): string {
  // The token is part of the identity: a Runner whose token changed is redialled.
  return JSON.stringify([a.url, a.token]);
}
