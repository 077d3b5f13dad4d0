// A TCP forwarder placed between the agent and a peer (the API server, a
// Runner): it counts connections and bytes, and can cut every connection.
// It stands in for the network, which is the one thing a spec cannot make real.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export class TcpProxy {
  readonly server: Server;
  connections = 0;
  bytesUp = 0;
  bytesDown = 0;
  readonly #pairs = new Set<[Socket, Socket]>();

  constructor(targetHost: string, targetPort: number) {
    this.server = createServer((client) => {
      this.connections++;
      const upstream = createConnection({ host: targetHost, port: targetPort });
      const pair: [Socket, Socket] = [client, upstream];
      this.#pairs.add(pair);
      client.on('data', (d) => {
        this.bytesUp += d.length;
      });
      upstream.on('data', (d) => {
        this.bytesDown += d.length;
      });
      client.pipe(upstream);
      upstream.pipe(client);
      const end = (): void => {
        this.#pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
      client.on('close', end);
      upstream.on('close', end);
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Connections open right now. */
  get open(): number {
    return this.#pairs.size;
  }

  /** Cuts every connection at once (a network failure). */
  cut(): void {
    for (const [a, b] of this.#pairs) {
      a.destroy();
      b.destroy();
    }
    this.#pairs.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
