// OutboundSocket against real ws servers on loopback: the upgrade it sends,
// TLS verification with a CA file, permessage-deflate, refusals at the upgrade
// and how it backs off from them, liveness, and redialling.
import { expect } from 'chai';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import pino from 'pino';
import { OutboundSocket, type OutboundSocketOptions } from '../../../lib/tunnel/outbound-socket.ts';
import type { ProxyExecutor } from '../../../lib/proxy/executor.ts';
import { createPki } from '../../../testkit/kube/pki.ts';
import { loadConfig } from '../../../lib/config/load.ts';

const limits = loadConfig({ argv: ['config'], env: {} }).config.proxy;

interface TestServer {
  url: string;
  upgrades: IncomingMessage[];
  sockets: WebSocket[];
  close(): Promise<void>;
}

async function wsServer(
  opts: { protocol?: string | false; status?: number; https?: { cert: Buffer; key: Buffer }; onConnection?: (ws: WebSocket) => void } = {},
): Promise<TestServer> {
  const server: Server | HttpsServer = opts.https ? createHttpsServer(opts.https) : createServer();
  const upgrades: IncomingMessage[] = [];
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({
    server,
    perMessageDeflate: true,
    handleProtocols: (p) => (opts.protocol === false ? false : (opts.protocol ?? (p.has('pipeops.agent.v1') ? 'pipeops.agent.v1' : false))),
    verifyClient: (info, cb) => {
      upgrades.push(info.req);
      if (opts.status) cb(false, opts.status);
      else cb(true);
    },
  });
  wss.on('connection', (ws) => {
    sockets.push(ws);
    opts.onConnection?.(ws);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.https ? 'wss' : 'ws'}://127.0.0.1:${port}/ws/runner`,
    upgrades,
    sockets,
    close: async () => {
      for (const s of sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function capture(): { logger: pino.Logger; lines: () => { msg: string; [k: string]: unknown }[] } {
  const out: string[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (c: Buffer, _e, cb) => (out.push(c.toString()), cb()) }));
  return { logger, lines: () => out.map((l) => JSON.parse(l) as { msg: string }) };
}

function socketOptions(url: string, logger: pino.Logger, extra: Partial<OutboundSocketOptions> = {}): OutboundSocketOptions {
  return {
    name: 'spec',
    url,
    token: () => 'the-token',
    compression: true,
    maxPayload: 1024 * 1024,
    pingInterval: 5_000,
    handshakeTimeout: 2_000,
    reconnect: { enabled: true, max_attempts: 0, interval: 50, max_interval: 400 },
    logger,
    channel: { executor: {} as ProxyExecutor, limits },
    ...extra,
  };
}

const until = async (test: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('OutboundSocket', () => {
  const open: OutboundSocket[] = [];
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.stop(100)));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('dials with the bearer token, user agent and pipeops.agent.v2 then v1, and negotiates permessage-deflate', async () => {
    const server = await wsServer();
    servers.push(server);
    const { logger } = capture();
    const s = new OutboundSocket(socketOptions(server.url, logger));
    open.push(s);
    s.start();
    await until(() => s.connected);
    const req = server.upgrades[0];
    expect(req.headers.authorization).to.equal('Bearer the-token');
    expect(req.headers['user-agent']).to.match(/^pipeops-agent\/\d+\.\d+\.\d+/);
    expect(req.headers['sec-websocket-protocol']).to.equal('pipeops.agent.v2,pipeops.agent.v1');
    expect(req.headers['sec-websocket-extensions']).to.include('permessage-deflate');
    expect(server.sockets[0].extensions).to.include('permessage-deflate');
  });

  it('does not offer compression when it is turned off', async () => {
    const server = await wsServer();
    servers.push(server);
    const s = new OutboundSocket(socketOptions(server.url, capture().logger, { compression: false }));
    open.push(s);
    s.start();
    await until(() => s.connected);
    expect(server.upgrades[0].headers['sec-websocket-extensions']).to.equal(undefined);
  });

  it('verifies TLS with the configured CA file and refuses an unknown CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-tls-'));
    try {
      const pki = await createPki(dir);
      const server = await wsServer({ https: { cert: readFileSync(pki.servingCert), key: readFileSync(pki.servingKey) } });
      servers.push(server);
      const trusted = new OutboundSocket(socketOptions(server.url, capture().logger, { caFile: pki.caCert }));
      open.push(trusted);
      trusted.start();
      await until(() => trusted.connected);

      const untrusted = capture();
      const refused = new OutboundSocket(socketOptions(server.url, untrusted.logger));
      open.push(refused);
      refused.start();
      await until(() => untrusted.lines().some((l) => l.msg === 'connection failed; redialling'));
      expect(refused.connected).to.equal(false);
      expect(JSON.stringify(untrusted.lines())).to.match(/self-signed|unable to verify|certificate/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs a 401 at the upgrade as an auth failure and retries it only at the backoff cap', async () => {
    const server = await wsServer({ status: 401 });
    servers.push(server);
    const { logger, lines } = capture();
    const s = new OutboundSocket(socketOptions(server.url, logger));
    open.push(s);
    s.start();
    await new Promise((r) => setTimeout(r, 1_000));
    // Cap 400 ms: about 3 attempts in a second, not a tight loop.
    expect(server.upgrades.length).to.be.within(2, 4);
    const refused = lines().filter((l) => l.msg.startsWith('connection refused: check the token'));
    expect(refused.length).to.be.greaterThan(0);
    expect(refused[0].delayMs).to.equal(400);
    expect(JSON.stringify(lines())).not.to.include('the-token');
  });

  it('refuses a server that selects neither pipeops.agent.v2 nor v1', async () => {
    const server = await wsServer({ protocol: false });
    servers.push(server);
    const { logger, lines } = capture();
    const s = new OutboundSocket(socketOptions(server.url, logger));
    open.push(s);
    s.start();
    await until(() => lines().some((l) => typeof l.err === 'string' && l.err.includes('selected none of the subprotocols pipeops.agent.v2, pipeops.agent.v1')));
    expect(s.connected).to.equal(false);
  });

  for (const [selected, version] of [['pipeops.agent.v2', 2], ['pipeops.agent.v1', 1]] as const) {
    it(`speaks protocol v${version} on a socket whose server selected ${selected}`, async () => {
      const server = await wsServer({ protocol: selected });
      servers.push(server);
      const { logger, lines } = capture();
      const s = new OutboundSocket(socketOptions(server.url, logger));
      open.push(s);
      s.start();
      await until(() => s.connected);
      expect(s.channel?.version).to.equal(version);
      expect(lines().find((l) => l.msg === 'connected')?.protocol).to.equal(selected);
    });
  }

  it('redials with backoff after the server drops it, and calls onOpen on each connection', async () => {
    const server = await wsServer();
    servers.push(server);
    let opens = 0;
    const s = new OutboundSocket(socketOptions(server.url, capture().logger, { onOpen: () => opens++ }));
    open.push(s);
    s.start();
    await until(() => s.connected);
    server.sockets[0].terminate();
    await until(() => opens === 2);
    expect(s.connects).to.equal(2);
  });

  it('treats a peer that stops answering pings as dead and redials', async () => {
    const server = await wsServer();
    servers.push(server);
    const { logger, lines } = capture();
    const s = new OutboundSocket(socketOptions(server.url, logger, { pingInterval: 100 }));
    open.push(s);
    s.start();
    await until(() => s.connected);
    // Half-open: the server stops reading, so no pong comes back and nothing closes.
    (server.sockets[0] as unknown as { _socket: { pause(): void } })._socket.pause();
    await until(() => lines().some((l) => l.msg.startsWith('no pong or traffic')), 3_000);
    await until(() => s.connects === 2, 3_000);
  });

  describe('redial timing (injected clock and sleep)', () => {
    /** A clock the sleeps advance; the first `free` sleeps return at once, later ones only when the socket stops. */
    function timing(free: number): { clock: { t: number }; sleeps: number[]; extra: Partial<OutboundSocketOptions> } {
      const clock = { t: 0 };
      const sleeps: number[] = [];
      const sleep = (ms: number, signal: AbortSignal): Promise<void> => {
        sleeps.push(ms);
        clock.t += ms;
        if (sleeps.length <= free) return Promise.resolve();
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      };
      return { clock, sleeps, extra: { now: () => clock.t, sleep, random: () => 1 } };
    }

    it('redials a long-lived connection that dropped within the first step', async () => {
      const server = await wsServer();
      servers.push(server);
      const { clock, sleeps, extra } = timing(1);
      const s = new OutboundSocket(socketOptions(server.url, capture().logger, extra));
      open.push(s);
      s.start();
      await until(() => s.connected);
      clock.t += 10_000;
      server.sockets[0].terminate();
      await until(() => s.connects === 2);
      expect(sleeps).to.deep.equal([100]);
    });

    it('while a long-lived server stays down, waits at most half as long as it has been down', async () => {
      const server = await wsServer();
      servers.push(server);
      const { clock, sleeps, extra } = timing(6);
      const s = new OutboundSocket(socketOptions(server.url, capture().logger, extra));
      open.push(s);
      s.start();
      await until(() => s.connected);
      clock.t += 10_000;
      await servers.pop()!.close();
      await until(() => sleeps.length === 7);
      // First step 100 ms, then half the outage's age (at least the first step: 100, 100, 150, 225, 337.5 ms), then the cap (400 ms).
      expect(sleeps).to.deep.equal([100, 100, 100, 150, 225, 337.5, 400]);
    });

    it('backs off more each time from a server that drops every connection at once', async () => {
      const server = await wsServer({ onConnection: (ws) => ws.close(4000, 'flap') });
      servers.push(server);
      const { sleeps, extra } = timing(4);
      const s = new OutboundSocket(socketOptions(server.url, capture().logger, extra));
      open.push(s);
      s.start();
      await until(() => sleeps.length === 5);
      expect(sleeps).to.deep.equal([50, 100, 200, 400, 400]);
      expect(s.connects).to.equal(5);
    });
  });

  it('gives up after max_attempts and says so', async () => {
    let gaveUp: Error | undefined;
    const { logger } = capture();
    const s = new OutboundSocket(
      socketOptions('ws://127.0.0.1:1/ws/runner', logger, {
        reconnect: { enabled: true, max_attempts: 2, interval: 10, max_interval: 20 },
        onGiveUp: (err) => (gaveUp = err),
      }),
    );
    open.push(s);
    s.start();
    await until(() => gaveUp !== undefined);
    expect(gaveUp!.message).to.match(/ECONNREFUSED/);
  });
});
