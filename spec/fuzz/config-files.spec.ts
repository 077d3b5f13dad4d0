// Configuration files with every kind of bad value, and random ones, given to
// bin/agent.js as a user would: a bad file exits 2 with one line per problem
// naming the key and the file, never a stack trace; a secret in the file is
// never echoed back.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fuzzParams } from './helpers.ts';

const NODE = process.execPath;
const SECRET = 'pipeops-secret-token-0f9a8b7c6d5e';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAgent(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // No PIPEOPS_* from the environment of the test run may leak into the agent's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIPEOPS_') && !k.startsWith('KUBERNETES_')));
    const child = spawn(NODE, ['bin/agent.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectNoStack(r: Run): void {
  const all = r.stdout + r.stderr;
  expect(all, 'a stack trace').to.not.match(/^\s+at .+[:(]/m);
  expect(all).to.not.match(/\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/);
  expect(all, 'the secret echoed back').to.not.include(SECRET);
}

describe('fuzz: configuration files', function () {
  this.timeout(300_000);
  let dir: string;
  let n = 0;
  const file = (content: string | Uint8Array): string => {
    const f = join(dir, `config-${++n}.yaml`);
    writeFileSync(f, content);
    return f;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeops-config-fuzz-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with one line per problem, each naming its key and file', async () => {
    const problems: Record<string, unknown> = {
      'agent.port': -1,
      'agent.poll_interval': '5xs',
      'agent.labels': 5,
      'agent.state_store': 'sometimes',
      'pipeops.api_url': 'not a url',
      'pipeops.reconnect.max_attempts': 'many',
      'pipeops.reconnect.interval': -1,
      'proxy.max_frame_bytes': 'huge',
      'proxy.rate_limit': [],
      'logging.level': 'loud',
      runners: 'notalist',
      bogus_key: 1,
    };
    const doc: Record<string, unknown> = { pipeops: { token: SECRET } };
    for (const [path, value] of Object.entries(problems)) {
      const keys = path.split('.');
      let at = doc;
      for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
      at[keys[keys.length - 1]] = value;
    }
    const f = file(stringify(doc));
    const r = await runAgent(['-c', f]);
    expect(r.code).to.equal(2);
    expectNoStack(r);
    const lines = r.stderr.trim().split('\n');
    expect(lines).to.have.length(Object.keys(problems).length);
    for (const key of Object.keys(problems)) {
      expect(lines.filter((l) => l.startsWith(`${key}: `) && l.includes(`(file ${f})`)), key).to.have.length(1);
    }
  });

  it('exits 2 on values that are each bad in their own way, never with a stack trace', async () => {
    const cases: [string, string | Uint8Array][] = [
      ['ping interval below its minimum', 'pipeops:\n  ping_interval: 10ms\n'],
      ['YAML syntax', 'a: [\n'],
      ['tabs', '\tagent:\n\t\tport: 1\n'],
      ['a scalar document', 'just a string\n'],
      ['a list document', '- 1\n- 2\n'],
      ['random bytes', Uint8Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)],
      ['NUL bytes', 'agent:\n  name: "a\u0000b"\n  port: 99999\n'],
      ['huge number', 'agent:\n  port: 1e400\n'],
      ['negative duration', 'pipeops:\n  timeout: -5s\n'],
      ['wrong runner shape', `runners:\n  - url: ftp://x\n    token: ${SECRET}\n  - 5\n`],
      ['__proto__ key', '__proto__:\n  polluted: true\nagent:\n  __proto__: 1\n'],
      ['deep nesting', `agent:\n  labels: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ];
    for (const [name, content] of cases) {
      const r = await runAgent(['config', '-c', file(content)]);
      expect(r.code, `${name}: ${r.stderr}`).to.equal(2);
      expectNoStack(r);
      for (const line of r.stderr.trim().split('\n')) expect(line.length, `${name}: empty or huge line`).to.be.within(1, 2000);
    }
    // A token file that cannot be read stops `run` (exit 2); `config`, which needs no token, only warns.
    const missing = file('pipeops:\n  token_file: /nonexistent/pipeops/token\n');
    const run = await runAgent(['run', '-c', missing]);
    expect(run.code, run.stderr).to.equal(2);
    expectNoStack(run);
    const printed = await runAgent(['config', '-c', missing]);
    expect(printed.code, printed.stderr).to.equal(0);
    expect(printed.stderr).to.match(/warning: pipeops\.token_file/);
  });

  it('never crashes on random configuration documents', async () => {
    const key = fc.constantFrom(
      'agent.port', 'agent.name', 'agent.labels', 'agent.poll_interval', 'agent.host', 'agent.state_store', 'pipeops.api_url',
      'pipeops.token', 'pipeops.timeout', 'pipeops.ping_interval', 'pipeops.compression', 'pipeops.tls.insecure_skip_verify',
      'pipeops.reconnect.interval', 'pipeops.reconnect.max_interval', 'runners', 'kubernetes.kubeconfig', 'proxy.max_frame_bytes',
      'proxy.rate_limit.burst', 'proxy.request_timeout', 'logging.level', 'logging.format', 'unknown', 'agent.unknown',
    );
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('30s', '0s', '-1s', '1ms', '1h', 'https://127.0.0.1', 'http://[::1]:1', '', 'debug', 'text', 65536, -0, 1e21),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 5 }), async (flat) => {
        const doc: Record<string, unknown> = {};
        for (const [path, v] of Object.entries(flat)) {
          const keys = path.split('.');
          let at = doc;
          for (const k of keys.slice(0, -1)) {
            if (typeof at[k] !== 'object' || at[k] === null || Array.isArray(at[k])) at[k] = {};
            at = at[k] as Record<string, unknown>;
          }
          at[keys[keys.length - 1]] = v;
        }
        // The one secret of the file sits where secrets go; it must never be echoed, valid or not.
        if (typeof doc.pipeops === 'object' && doc.pipeops !== null && !Array.isArray(doc.pipeops)) (doc.pipeops as Record<string, unknown>).token = SECRET;
        const r = await runAgent(['config', '-c', file(stringify(doc))]);
        expect(r.code, r.stderr).to.be.oneOf([0, 2]);
        expectNoStack(r);
        if (r.code === 2) {
          for (const line of r.stderr.trim().split('\n')) expect(line).to.match(/^(config file|[a-z_]+(\.[a-z_0-9]+)*(\[\d+\])?(\.[a-z_]+)*): /);
        }
      }),
      fuzzParams(20),
    );
  });
});
