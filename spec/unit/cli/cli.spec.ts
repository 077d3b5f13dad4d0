// The command line as a user runs it: bin/agent.js in a child process.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { AGENT_VERSION } from '../../../lib/version.ts';

const NODE = './node_modules/.bin/node';

function agent(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIPEOPS_') && k !== 'CREDENTIALS_DIRECTORY'));
  const r = spawnSync(NODE, ['bin/agent.js', ...args], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pipeops-agent (CLI)', function () {
  this.timeout(30_000);

  it('--help lists commands, flags and the env convention', () => {
    const r = agent(['--help']);
    expect(r.code).to.equal(0);
    for (const word of ['run', 'config', 'health', 'doctor', '--config', '--log-level', '--debug', '--version', 'PIPEOPS_PIPEOPS_API_URL']) {
      expect(r.stdout).to.include(word);
    }
  });

  it('--version prints the version', () => {
    const r = agent(['--version']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(`pipeops-agent ${AGENT_VERSION}\n`);
  });

  it('exits 64 on an unknown flag or command', () => {
    expect(agent(['--frobnicate']).code).to.equal(64);
    const r = agent(['launch']);
    expect(r.code).to.equal(64);
    expect(r.stderr).to.include('unknown command "launch"');
  });

  it('config prints the effective YAML with secrets masked and sources', () => {
    const r = agent(['config', '--log-level', 'debug'], { PIPEOPS_PIPEOPS_TOKEN: 'very-secret-token', PIPEOPS_PIPEOPS_API_URL: 'https://api.pipeops.io' });
    expect(r.code).to.equal(0);
    expect(r.stdout).not.to.include('very-secret-token');
    expect(r.stdout).to.include('token: "***" # env PIPEOPS_PIPEOPS_TOKEN');
    expect(r.stdout).to.include('level: debug # flag --log-level');
  });

  it('a bad configuration exits 2 with one line per problem and no stack trace', () => {
    const r = agent(['config', '--log-level', 'loud'], { PIPEOPS_AGENT_PORT: '70000', PIPEOPS_PIPEOPS_TIMEOUT: 'soon' });
    expect(r.code).to.equal(2);
    expect(r.stderr.trim().split('\n')).to.deep.equal([
      'agent.port: 70000 (env PIPEOPS_AGENT_PORT) must be <= 65535',
      'pipeops.timeout: "soon" (env PIPEOPS_PIPEOPS_TIMEOUT) must be a duration such as 30s, 500ms, 1m30s or 2h (a bare number is seconds)',
      'logging.level: "loud" (flag --log-level) must be one of: trace, debug, info, warn, error, fatal, silent',
    ]);
    expect(r.stderr).not.to.match(/\bat .*\.ts:\d+/);
  });

  it('run without a control plane or Runner exits 2 naming what is missing', () => {
    const r = agent([]);
    expect(r.code).to.equal(2);
    expect(r.stderr.trim()).to.equal('pipeops.api_url: "" (default) is required unless runners lists at least one static Runner');
  });

  it('the example configuration validates and runs config with exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-cli-'));
    try {
      // The example points at token files under /etc/pipeops; give them a home.
      writeFileSync(join(dir, 'token'), 't\n');
      writeFileSync(join(dir, 'runner-eu-1.token'), 'r\n');
      const file = join(dir, 'config.yaml');
      writeFileSync(file, readFileSync('examples/config.yaml', 'utf8').replaceAll('/etc/pipeops/', `${dir}/`));
      const r = agent(['config', '--config', file]);
      expect(r.stderr).to.equal('');
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include('runner-eu-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('health', () => {
    async function withReady(status: number, body: string, fn: (port: number) => Promise<void>): Promise<void> {
      const server = createServer((req, res) => {
        res.writeHead(req.url === '/ready' ? status : 404, { 'content-type': 'application/json' }).end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        await fn((server.address() as AddressInfo).port);
      } finally {
        server.close();
      }
    }
    function agentAsync(args: string[]): Promise<{ code: number | null; out: string }> {
      return new Promise((resolve) => {
        const child = spawn(NODE, ['bin/agent.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += String(d)));
        child.stderr.on('data', (d: Buffer) => (out += String(d)));
        child.on('close', (code) => resolve({ code, out }));
      });
    }
    it('exits 0 when /ready answers 200', () =>
      withReady(200, '{"ready":true}', async (port) => {
        const r = await agentAsync(['health', '--set', `agent.port=${port}`]);
        expect(r.code).to.equal(0);
        expect(r.out).to.include('ready');
      }));
    it('exits 1 with the reasons when /ready answers 503', () =>
      withReady(503, '{"ready":false,"reasons":["not registered"]}', async (port) => {
        const r = await agentAsync(['health', '--set', `agent.port=${port}`]);
        expect(r.code).to.equal(1);
        expect(r.out).to.include('not registered');
      }));
    it('asks /health with --live, so a liveness probe passes while /ready is 503', async () => {
      const server = createServer((req, res) => {
        res.writeHead(req.url === '/health' ? 200 : 503, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const live = await agentAsync(['health', '--live', '--set', `agent.port=${port}`]);
        expect(live.code).to.equal(0);
        expect(live.out).to.include('alive');
        expect((await agentAsync(['health', '--set', `agent.port=${port}`])).code).to.equal(1);
      } finally {
        server.close();
      }
    });
  });
});
