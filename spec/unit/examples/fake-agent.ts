// A stand-in for the agent in the reference-server specs: a bare `ws` client that dials a
// reference server, registers or says hello, and answers proxy frames with whatever the
// spec sends. It is deliberately dumb — the real agent is tested elsewhere — so each spec
// shows the exact messages on the wire.
import { WebSocket } from 'ws';
import type { K8sProxyRequest } from '../../../lib/protocol/types.ts';
import { SUBPROTOCOL_V1 } from '../../../lib/version.ts';

export interface DialOptions {
  token?: string;
  protocols?: string[];
}

/** Resolves with the open socket, or rejects with the HTTP status the server refused it with. */
export function dial(url: string, options: DialOptions = {}): Promise<WebSocket> {
  const headers: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  const ws = new WebSocket(url, options.protocols ?? [SUBPROTOCOL_V1], { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export class FakeAgent {
  readonly ws: WebSocket;
  private readonly inbox: Record<string, unknown>[] = [];
  private waiting: (() => void) | undefined;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => {
      this.inbox.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      this.waiting?.();
    });
  }

  static async connect(url: string, options: DialOptions = {}): Promise<FakeAgent> {
    return new FakeAgent(await dial(url, options));
  }

  send(message: object): Promise<void> {
    return new Promise((resolve, reject) => this.ws.send(JSON.stringify(message), (err) => (err ? reject(err) : resolve())));
  }

  /** The next message the server sent (optionally: the next one that matches). */
  async next<T = Record<string, unknown>>(match: (m: Record<string, unknown>) => boolean = () => true, timeoutMs = 2000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.inbox.findIndex(match);
      if (at !== -1) return this.inbox.splice(at, 1)[0] as T;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; have ${JSON.stringify(this.inbox)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** The next proxy request frame (a message without `type`). */
  nextRequest(timeoutMs?: number): Promise<K8sProxyRequest> {
    return this.next<K8sProxyRequest>((m) => !('type' in m), timeoutMs);
  }

  /** Messages received and not yet taken. */
  get pendingMessages(): Record<string, unknown>[] {
    return [...this.inbox];
  }

  async register(agentId: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    await this.send({
      type: 'register',
      id: `reg-${agentId}`,
      payload: {
        agent_id: agentId,
        agent_name: agentId,
        cluster_name: 'test-cluster',
        labels: {},
        agent_version: '0.1.0',
        kubernetes_version: 'v1.31.0',
        hostname: 'host',
        capabilities: ['proxy', 'watch'],
        ...extra,
      },
    });
    return this.next((m) => m.type === 'registered' || m.type === 'error');
  }

  hello(agentId: string, clusterId: string): Promise<void> {
    return this.send({
      type: 'hello',
      payload: { agent_id: agentId, cluster_id: clusterId, cluster_name: 'test-cluster', agent_version: '0.1.0', capabilities: ['proxy'] },
    });
  }

  heartbeat(agentId: string, clusterId: string, status: 'healthy' | 'degraded' = 'healthy'): Promise<void> {
    return this.send({
      type: 'heartbeat',
      payload: {
        agent_id: agentId,
        cluster_id: clusterId,
        timestamp: new Date().toISOString(),
        status,
        cluster: { nodes: 1, pods: 7, deployments: 2, services: 3 },
        connections: { control_plane: true, runners: 1 },
        proxy: { active_streams: 0, requests_per_minute: 4 },
      },
    });
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

export function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** The error a promise rejects with; fails the spec when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { status?: number }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { status?: number };
  }
  throw new Error('expected the promise to reject');
}
