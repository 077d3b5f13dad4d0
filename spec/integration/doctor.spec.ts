// `doctor` against the real test API server and a local control plane (wss
// with its own CA, or plain ws): one passing run with good credentials, then
// each layer broken in turn, checking that the run stops there, exits 1 and
// names the fix.
import { mkdtemp, rm, copyFile, writeFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { WebSocketServer } from 'ws';
import { loadConfig } from '../../lib/config/load.ts';
import { runDoctor } from '../../lib/doctor/doctor.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { createPki, type Pki } from '../../testkit/kube/pki.ts';
import { PROJECT_ROOT } from '../support/deploy/dockerfile.ts';

const CP_TOKEN = 'doctor-spec-control-plane-token-4b1e';

interface ControlPlane {
  url: string;
  close(): Promise<void>;
}

/** A control-plane stand-in: accepts /ws/agent upgrades with the token and (unless told not to) the subprotocol. */
async function startControlPlane(options: { tls?: Pki; selectProtocol?: boolean }): Promise<ControlPlane> {
  const server: HttpServer = options.tls
    ? createHttpsServer({ cert: readFileSync(options.tls.servingCert), key: readFileSync(options.tls.servingKey) })
    : createServer();
  const wss = new WebSocketServer({
    server,
    path: '/ws/agent',
    handleProtocols: (protocols) =>
      options.selectProtocol !== false && protocols.has('pipeops.agent.v1') ? 'pipeops.agent.v1' : false,
    verifyClient: (info, cb) => {
      if (info.req.headers.authorization === `Bearer ${CP_TOKEN}`) cb(true);
      else cb(false, 401);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('doctor against a real API server', function () {
  this.timeout(60_000);
  let dir: string;
  let pki: Pki;
  let secure: ControlPlane;
  let plain: ControlPlane;
  let noProtocol: ControlPlane;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipeops-doctor-'));
    pki = await createPki(dir);
    [secure, plain, noProtocol] = await Promise.all([
      startControlPlane({ tls: pki }),
      startControlPlane({}),
      startControlPlane({ tls: pki, selectProtocol: false }),
    ]);
  });

  after(async () => {
    await Promise.all([secure?.close(), plain?.close(), noProtocol?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs doctor as the agent would load its config from this environment; returns exit code and lines. */
  async function doctor(env: Record<string, string>): Promise<{ code: number; lines: string[]; text: string }> {
    const full: NodeJS.ProcessEnv = {
      ...kube.agentEnv(),
      PIPEOPS_KUBERNETES_IN_CLUSTER: 'true',
      PIPEOPS_PIPEOPS_API_URL: secure.url,
      PIPEOPS_PIPEOPS_TOKEN: CP_TOKEN,
      PIPEOPS_PIPEOPS_TLS_CA_FILE: pki.caCert,
      PIPEOPS_AGENT_CLUSTER_NAME: 'doctor-spec',
      ...env,
    };
    const { config, configFile, warnings } = loadConfig({ argv: ['doctor'], env: full });
    let text = '';
    const code = await runDoctor(config, { write: (s: string) => (text += s) }, { env: full, configFile, warnings, timeoutMs: 3000 });
    return { code, lines: text.trimEnd().split('\n'), text };
  }

  function expectStoppedAt(result: { code: number; lines: string[] }, pattern: RegExp, fix: RegExp): void {
    expect(result.code, result.lines.join('\n')).to.equal(1);
    const last = result.lines.at(-1) ?? '';
    expect(last, result.lines.join('\n')).to.match(/^✘ /);
    expect(last).to.match(pattern);
    expect(last).to.match(/ — fix: /);
    expect(last.split(' — fix: ')[1]).to.match(fix);
    expect(result.lines.filter((l) => l.startsWith('✘ '))).to.have.length(1);
  }

  it('passes every check with good credentials, one line each, in order', async () => {
    const result = await doctor({});
    expect(result.code, result.text).to.equal(0);
    const order = [
      /^✔ config valid/,
      /^✔ API server https:\/\/127\.0\.0\.1:\d+ reachable, Kubernetes v\d+\.\d+/,
      /^✔ permissions: all 10 the agent needs are granted \(nodes, namespaces, pods, pods\/log, services, apps\/deployments; identity ConfigMap pipeops-test\/pipeops-agent-state\)/,
      /^✔ DNS: control plane host 127\.0\.0\.1 is an address/,
      /^✔ TCP: connected to 127\.0\.0\.1:\d+/,
      /^✔ TLS: TLSv1\.[23], certificate kube-apiserver, valid until \d{4}-/,
      /^✔ WebSocket wss:\/\/127\.0\.0\.1:\d+\/ws\/agent: upgrade accepted with pipeops\.agent\.v1, token accepted/,
    ];
    expect(result.lines).to.have.length(order.length);
    order.forEach((pattern, i) => expect(result.lines[i]).to.match(pattern));
    expect(result.text).not.to.include(CP_TOKEN);
    expect(result.text).not.to.include(kube.token());
  });

  it('warns about an unencrypted control plane but passes', async () => {
    const result = await doctor({ PIPEOPS_PIPEOPS_API_URL: plain.url, PIPEOPS_PIPEOPS_TLS_CA_FILE: '' });
    expect(result.code, result.text).to.equal(0);
    expect(result.text).to.match(/^! control plane: ws:\/\/127\.0\.0\.1:\d+ is not encrypted/m);
    expect(result.lines.at(-1)).to.match(/^✔ WebSocket .* token accepted/);
  });

  describe('as `node bin/agent.js doctor`', () => {
    async function cli(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
      const { execFile } = await import('node:child_process');
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [join(PROJECT_ROOT, 'bin/agent.js'), 'doctor'],
          {
            env: {
              PATH: process.env.PATH ?? '/usr/bin:/bin',
              ...kube.agentEnv(),
              PIPEOPS_KUBERNETES_IN_CLUSTER: 'true',
              PIPEOPS_PIPEOPS_API_URL: secure.url,
              PIPEOPS_PIPEOPS_TLS_CA_FILE: pki.caCert,
              ...env,
            },
            timeout: 30_000,
          },
          (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout }),
        );
      });
    }

    it('exits 0 when everything works', async () => {
      const { code, stdout } = await cli({ PIPEOPS_PIPEOPS_TOKEN: CP_TOKEN });
      expect(code, stdout).to.equal(0);
      expect(stdout).to.match(/^✔ WebSocket .* token accepted/m);
    });

    it('exits 1 with the fix when the control plane rejects the token', async () => {
      const { code, stdout } = await cli({ PIPEOPS_PIPEOPS_TOKEN: 'wrong-token-for-cli' });
      expect(code, stdout).to.equal(1);
      expect(stdout).to.match(/^✘ .*token rejected \(HTTP 401\) — fix: /m);
      expect(stdout).not.to.include('wrong-token-for-cli');
    });
  });

  describe('stops at the first failure', () => {
    it('unreadable pipeops.tls.ca_file', async () => {
      const result = await doctor({ PIPEOPS_PIPEOPS_TLS_CA_FILE: join(dir, 'missing-ca.pem') });
      expectStoppedAt(result, /pipeops\.tls\.ca_file .* cannot be read/, /readable PEM/);
    });

    it('no control plane configured', async () => {
      const result = await doctor({ PIPEOPS_PIPEOPS_API_URL: '' });
      expectStoppedAt(result, /nothing to connect to/, /pipeops\.api_url/);
    });

    it('API server unreachable', async () => {
      const result = await doctor({ KUBERNETES_SERVICE_PORT: String(await closedPort()) });
      expectStoppedAt(result, /API server .* unreachable \(.*ECONNREFUSED/, /KUBERNETES_SERVICE_HOST/);
    });

    it("API server's certificate not signed by the mounted CA", async () => {
      const sa = join(dir, 'sa-wrong-ca');
      await rm(sa, { recursive: true, force: true });
      await mkdirCopy(kube.saDir, sa, ['token', 'namespace']);
      await copyFile(pki.caCert, join(sa, 'ca.crt'));
      const result = await doctor({ PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR: sa });
      expectStoppedAt(result, /TLS verification failed/, /ca\.crt/);
    });

    it('API server rejects the token (bad credentials)', async () => {
      const sa = join(dir, 'sa-bad-token');
      await mkdirCopy(kube.saDir, sa, ['ca.crt', 'namespace']);
      await writeFile(join(sa, 'token'), 'not-a-valid-service-account-token');
      const result = await doctor({ PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR: sa });
      expectStoppedAt(result, /rejected the agent's credentials \(401\)/, /ServiceAccount/);
      expect(result.text).not.to.include('not-a-valid-service-account-token');
    });

    it('service account without the permissions the proxy needs', async () => {
      const result = await doctor({ PIPEOPS_KUBERNETES_SERVICE_ACCOUNT_DIR: kube.narrowSaDir });
      expectStoppedAt(result, /permissions: cannot list nodes, list namespaces, .*watch pods/, /rbac-least-privilege\.yaml/);
    });

    it('control plane port closed', async () => {
      const result = await doctor({ PIPEOPS_PIPEOPS_API_URL: `https://127.0.0.1:${await closedPort()}` });
      expectStoppedAt(result, /TCP: cannot connect to 127\.0\.0\.1:\d+ \(.*ECONNREFUSED/, /outbound TCP/);
    });

    it('control plane host does not resolve', async () => {
      const result = await doctor({ PIPEOPS_PIPEOPS_API_URL: 'https://pipeops-doctor-spec.invalid' });
      expectStoppedAt(result, /DNS: cannot resolve pipeops-doctor-spec\.invalid/, /resolver/);
    });

    it("control plane's certificate not trusted", async () => {
      const result = await doctor({ PIPEOPS_PIPEOPS_TLS_CA_FILE: '' });
      expectStoppedAt(result, /TLS: the certificate of 127\.0\.0\.1 is not trusted/, /pipeops\.tls\.ca_file/);
    });

    it('token rejected by the control plane', async () => {
      const result = await doctor({ PIPEOPS_PIPEOPS_TOKEN: 'a-revoked-token' });
      expectStoppedAt(result, /token rejected \(HTTP 401\)/, /PipeOps token/);
      expect(result.text).not.to.include('a-revoked-token');
    });

    it('server that speaks neither pipeops.agent.v2 nor v1', async () => {
      const result = await doctor({ PIPEOPS_PIPEOPS_API_URL: noProtocol.url });
      expectStoppedAt(result, /selected neither pipeops\.agent\.v2 nor pipeops\.agent\.v1/, /PipeOps control plane/);
    });
  });
});

async function mkdirCopy(from: string, to: string, files: string[]): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(to, { recursive: true });
  await Promise.all(files.map((f) => copyFile(join(from, f), join(to, f))));
}
