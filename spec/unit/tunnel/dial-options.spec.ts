// pipeops.tls.ca_file adds a CA to the trusted roots; it must not replace them. Two wss:// servers, one signed by a
// "public" CA and one by a private CA named in ca_file; the agent's dial and doctor's check must reach both. A
// public root cannot be trusted through the real system store offline, so a stand-in does its part: the `roots`
// option in-process, and NODE_EXTRA_CA_CERTS (which Node adds to its default store) in a child process, where the
// agent's dial and doctor's upgrade check run exactly as in production.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import WebSocket, { WebSocketServer } from 'ws';
import pino from 'pino';
import { loadConfig } from '../../../lib/config/load.ts';
import { checkUpgrade } from '../../../lib/doctor/control-plane-checks.ts';
import { describeError, Report } from '../../../lib/doctor/report.ts';
import type { ProxyExecutor } from '../../../lib/proxy/executor.ts';
import { dialOptions, openWebSocket } from '../../../lib/tunnel/dial-options.ts';
import { OutboundSocket } from '../../../lib/tunnel/outbound-socket.ts';
import { SUBPROTOCOL_V1 as SUBPROTOCOL } from '../../../lib/version.ts';
import { createPki, type Pki } from '../../../testkit/kube/pki.ts';

const run = promisify(execFile);

async function wssServer(pki: Pki): Promise<{ url: string; server: Server }> {
  const server = createServer({ cert: readFileSync(pki.servingCert), key: readFileSync(pki.servingKey) });
  const wss = new WebSocketServer({ server, handleProtocols: (p) => (p.has(SUBPROTOCOL) ? SUBPROTOCOL : false) });
  wss.on('connection', (ws) => ws.close(1000));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `wss://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, server };
}

/** 'open' or the error message of one dial. */
function outcome(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('error', (err) => resolve(err.message));
  });
}

describe('dial options (one dial for the agent and doctor)', function () {
  this.timeout(60_000);
  let dir: string;
  let publicCa: string;
  let privateCa: string;
  let publicServer: { url: string; server: Server };
  let privateServer: { url: string; server: Server };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeops-dial-'));
    mkdirSync(join(dir, 'public'));
    mkdirSync(join(dir, 'private'));
    const [pub, priv] = await Promise.all([createPki(join(dir, 'public')), createPki(join(dir, 'private'))]);
    publicCa = pub.caCert;
    privateCa = priv.caCert;
    publicServer = await wssServer(pub);
    privateServer = await wssServer(priv);
  });
  after(() => {
    publicServer?.server.close();
    privateServer?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = { token: 't', compression: false, handshakeTimeout: 10_000 };

  it('with ca_file, trusts both the roots and the CA file', async () => {
    const s = { ...settings, extraCa: readFileSync(privateCa), roots: [readFileSync(publicCa, 'utf8')] };
    expect(await outcome(openWebSocket(publicServer.url, [SUBPROTOCOL], s))).to.equal('open');
    expect(await outcome(openWebSocket(privateServer.url, [SUBPROTOCOL], s))).to.equal('open');
  });

  it('without ca_file, refuses the private CA', async () => {
    const s = { ...settings, roots: [readFileSync(publicCa, 'utf8')] };
    expect(await outcome(openWebSocket(publicServer.url, [SUBPROTOCOL], s))).to.equal('open');
    expect(await outcome(openWebSocket(privateServer.url, [SUBPROTOCOL], s))).to.match(/self-signed|unable to (verify|get)/i);
  });

  it('would notice a CA file passed in place of the roots (ws `ca` replaces them)', async () => {
    const replaced = { ...dialOptions(settings), ca: readFileSync(privateCa) };
    expect(await outcome(new WebSocket(publicServer.url, [SUBPROTOCOL], replaced))).to.match(/self-signed|unable to (verify|get)/i);
  });

  describe('the agent\'s socket and doctor, given the same pipeops.tls', () => {
    const config = loadConfig({ argv: ['config'], env: {} }).config;

    /** The agent's OutboundSocket, dialled once: 'open', or the error it gave up with. */
    function agentDial(url: string, caFile: string): Promise<{ open: boolean; error?: Error }> {
      return new Promise((resolve) => {
        const socket = new OutboundSocket({
          name: 'spec',
          url,
          token: () => 't',
          caFile,
          insecureSkipVerify: false,
          compression: config.pipeops.compression,
          maxPayload: 1024 * 1024,
          pingInterval: 60_000,
          handshakeTimeout: 10_000,
          reconnect: { enabled: false, max_attempts: 0, interval: 50, max_interval: 100 },
          logger: pino({ level: 'silent' }),
          channel: { executor: {} as ProxyExecutor, limits: config.proxy },
          subprotocols: [SUBPROTOCOL],
          onOpen: () => void socket.stop(100).then(() => resolve({ open: true })),
          onGiveUp: (error) => resolve({ open: false, error }),
        });
        socket.start();
      });
    }

    /** doctor's upgrade check with the same settings: passed, and its report. */
    async function doctorDial(url: string, caFile: string): Promise<{ open: boolean; report: string }> {
      const lines: string[] = [];
      const report = new Report({ write: (line) => lines.push(line) });
      const pipeops = { ...config.pipeops, tls: { ...config.pipeops.tls, ca_file: caFile, insecure_skip_verify: false } };
      const open = await checkUpgrade({ label: 'control plane', url: new URL(url), token: 't' }, pipeops, report, 10_000);
      return { open, report: lines.join('') };
    }

    it('with ca_file naming the private CA: both connect', async () => {
      const agent = await agentDial(privateServer.url, privateCa);
      const doctor = await doctorDial(privateServer.url, privateCa);
      expect(agent.error?.message).to.equal(undefined);
      expect(agent.open).to.equal(true);
      expect(doctor.open, doctor.report).to.equal(true);
    });

    it('without ca_file: both refuse the certificate, with the same TLS error', async () => {
      const agent = await agentDial(privateServer.url, '');
      const doctor = await doctorDial(privateServer.url, '');
      expect(agent.open).to.equal(false);
      expect(agent.error?.message).to.match(/self-signed|unable to (verify|get)/i);
      expect(doctor.open).to.equal(false);
      expect(doctor.report).to.include(`upgrade failed (${describeError(agent.error)})`);
    });
  });

  it('as the agent and doctor run it (NODE_EXTRA_CA_CERTS as the system store): both reach both servers', async () => {
    const script = `
      import { openWebSocket } from './lib/tunnel/dial-options.ts';
      import { checkUpgrade } from './lib/doctor/control-plane-checks.ts';
      import { Report } from './lib/doctor/report.ts';
      import { readFileSync } from 'node:fs';
      const [caFile, ...urls] = process.argv.slice(1);
      const out = {};
      for (const url of urls) {
        const ws = openWebSocket(url, ['${SUBPROTOCOL}'], { token: 't', extraCa: readFileSync(caFile), compression: true, handshakeTimeout: 10000 });
        const agent = await new Promise((resolve) => { ws.once('open', () => { ws.close(); resolve('open'); }); ws.once('error', (e) => resolve(e.message)); });
        const lines = [];
        const report = new Report({ write: (s) => lines.push(s) });
        const config = { compression: true, tls: { enabled: true, ca_file: caFile, insecure_skip_verify: false } };
        const doctor = await checkUpgrade({ label: 'control plane', url: new URL(url), token: 't' }, config, report, 10000);
        out[url] = { agent, doctor, lines };
      }
      console.log(JSON.stringify(out));
    `;
    const { stdout } = await run('./node_modules/.bin/node', ['--input-type=module', '-e', script, privateCa, publicServer.url, privateServer.url], {
      env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: publicCa },
    });
    const result = JSON.parse(stdout) as Record<string, { agent: string; doctor: boolean; lines: string[] }>;
    for (const url of [publicServer.url, privateServer.url]) {
      expect(result[url].agent, url).to.equal('open');
      expect(result[url].doctor, `${url}: ${result[url].lines.join('')}`).to.equal(true);
    }
  });
});
