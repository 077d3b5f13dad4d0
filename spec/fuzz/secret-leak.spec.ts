// No secret reaches a log line. Every line an agent writes is captured, from an
// in-process agent and from bin/agent.js as a child process (stdout and
// stderr), both at debug level, across a varied run: Secrets created, read,
// listed and watched through the agent, Authorization headers in frames,
// tokens in paths, queries, URLs and broken frames, a Runner refusing a token.
// Fails if any token in play (service-account, Runner, control plane) or a
// Secret's value appears, raw or base64-encoded. The audit trail is on in both
// agents and its records are scanned the same way.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { isTerminal, type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent } from '../support/agent.ts';
import { kube } from '../../testkit/kube/harness.ts';

const NS = 'pipeops-leak';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Each secret in several spellings: raw, base64, and (for JWTs) each of its three parts. */
function spellings(secret: string): string[] {
  const out = [secret, b64(secret), JSON.stringify(secret).slice(1, -1)];
  if (secret.split('.').length === 3) out.push(...secret.split('.').filter((p) => p.length >= 16));
  return out;
}

function expectNoSecrets(text: string, secrets: Record<string, string>): void {
  for (const [name, secret] of Object.entries(secrets)) {
    for (const s of spellings(secret)) {
      const at = text.indexOf(s);
      expect(at, `${name} appears in the logs: …${text.slice(Math.max(0, at - 120), at + 40)}…`).to.equal(-1);
    }
  }
}

/** Drives a varied run of requests on one Runner connection. */
async function exercise(conn: PeerConnection, tag: string, secretValue: string, runnerToken: string, saToken: string): Promise<void> {
  const json = (o: object): string => b64(JSON.stringify(o));
  const name = `leak-${tag}`;
  const ask = async (frame: Parameters<PeerConnection['request']>[0]) => conn.request(frame, 20_000);
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: { password: secretValue }, data: { token: b64(secretValue) } };
  expect((await ask({ id: `${tag}-create`, method: 'POST', path: `/api/v1/namespaces/${NS}/secrets`, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${runnerToken}` }, body: json(secret) })).status_code).to.equal(201);
  conn.send({ id: `${tag}-watch`, method: 'GET', path: `/api/v1/namespaces/${NS}/secrets`, query: { watch: ['true'] }, stream: true });
  await conn.next((f) => f.id === `${tag}-watch` && f.status_code === 200);
  expect((await ask({ id: `${tag}-get`, method: 'GET', path: `/api/v1/namespaces/${NS}/secrets/${name}`, headers: { Authorization: `Bearer ${saToken}`, Cookie: `session=${runnerToken}` } })).status_code).to.equal(200);
  expect((await ask({ id: `${tag}-list`, method: 'GET', path: `/api/v1/namespaces/${NS}/secrets` })).status_code).to.equal(200);
  conn.send({ id: `${tag}-list-stream`, method: 'GET', path: `/api/v1/namespaces/${NS}/secrets`, stream: true });
  await conn.next((f) => f.id === `${tag}-list-stream` && f.done === true);
  const patch = { stringData: { password: `${secretValue}-2` } };
  expect((await ask({ id: `${tag}-patch`, method: 'PATCH', path: `/api/v1/namespaces/${NS}/secrets/${name}`, headers: { 'Content-Type': 'application/merge-patch+json', 'Proxy-Authorization': `Basic ${b64(`u:${runnerToken}`)}` }, body: json(patch) })).status_code).to.equal(200);
  await conn.next((f) => f.id === `${tag}-watch` && f.chunk === true && Buffer.from(f.body ?? '', 'base64').toString().includes('MODIFIED'));
  // Refused and broken frames that carry secrets.
  await ask({ id: `${tag}-impersonate`, method: 'GET', path: '/version', headers: { 'Impersonate-User': 'admin', Authorization: `Bearer ${runnerToken}` } });
  // Paths are logged by design (object names are not secrets); a refused one carries only a name here.
  await ask({ id: `${tag}-path`, method: 'GET', path: `/api/v1/${name}/../secrets` });
  await ask({ id: `${tag}-query`, method: 'GET', path: `/api/v1/namespaces/${NS}/secrets/nope`, query: { token: [runnerToken], password: [secretValue] } });
  await ask({ id: `${tag}-crlf`, method: 'GET', path: '/version', headers: { 'X-Token': `${saToken}\r\nX-Evil: 1` } });
  conn.send(`{"id":"${tag}-broken","method":"GET","path":"/version","headers":{"Authorization":"Bearer ${runnerToken}"`);
  await conn.next((f) => f.status_code === 400 && f.id === '');
  conn.send({ id: `${tag}-bad-type`, method: 'GET', path: '/version', headers: { Authorization: saToken }, body: 42 });
  await conn.next((f) => f.id === `${tag}-bad-type` && isTerminal(f));
  conn.send({ id: `${tag}-cancel`, method: 'CANCEL', stream_id: conn.framesFor(`${tag}-watch`)[0].stream_id });
  await conn.next((f) => f.id === `${tag}-watch` && f.done === true);
  expect((await ask({ id: `${tag}-delete`, method: 'DELETE', path: `/api/v1/namespaces/${NS}/secrets/${name}` })).status_code).to.equal(200);
}

describe('security: no secret in any log line', function () {
  this.timeout(120_000);

  before(async () => {
    const res = await kube.adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    expect(res.status).to.be.oneOf([201, 409]);
  });

  it('keeps every token and Secret value out of an in-process agent\'s debug logs', async () => {
    const secrets = {
      'service-account token': kube.token().trim(),
      'Runner token': 'rnr-tok-7d1c9f0e5b3a4268a1f2',
      'control-plane token': 'cp-tok-93e0a8c4b2d6471f9e55',
      'assigned Runner token': 'asg-tok-51b7e2d9c0f84a36b8c1',
      'refused Runner token': 'bad-tok-0a9b8c7d6e5f40312233',
      'Secret value': 'S3cr3t-v4lue-8c2e91f0d7a64b53',
    };
    const runner = await new Peer({ token: secrets['Runner token'] }).listen();
    const assigned = await new Peer({ token: secrets['assigned Runner token'] }).listen();
    const refusing = await new Peer({ token: 'the-right-one' }).listen();
    const cp = await new Peer({
      token: secrets['control-plane token'],
      path: '/ws/agent',
      register: {
        cluster_id: 'c-leak',
        runners: [
          { url: `${assigned.url}?token=${secrets['assigned Runner token']}`, token: secrets['assigned Runner token'], name: 'assigned' },
          { url: refusing.url, token: secrets['refused Runner token'], name: 'refusing' },
        ],
      },
    }).listen();
    const auditDir = mkdtempSync(join(tmpdir(), 'pipeops-leak-audit-'));
    const t = await startTestAgent({
      level: 'debug',
      configure: (c) => {
        c.audit.enabled = true;
        c.audit.output = join(auditDir, 'audit.log');
        c.pipeops.api_url = cp.httpUrl;
        c.pipeops.token = secrets['control-plane token'];
        c.agent.poll_interval = 300;
        c.runners = [{ url: runner.url, token: secrets['Runner token'], name: 'static' }];
      },
    });
    try {
      await exercise(await runner.connection(), 'static', secrets['Secret value'], secrets['Runner token'], secrets['service-account token']);
      await exercise(await assigned.connection(), 'assigned', secrets['Secret value'], secrets['assigned Runner token'], secrets['service-account token']);
      await delay(1200); // heartbeats, and the refused Runner's retries
      const logs = t.logs.join('');
      expect(logs).to.include('connection refused: check the token');
      expect(logs).to.include('proxied request finished');
      expectNoSecrets(logs, secrets);
    } finally {
      await t.stop();
      for (const p of [runner, assigned, refusing, cp]) await p.close();
    }
    expectNoSecrets(t.logs.join(''), secrets);
    const audit = readFileSync(join(auditDir, 'audit.log'), 'utf8');
    rmSync(auditDir, { recursive: true, force: true });
    expect(audit).to.include('"id":"static-impersonate"');
    expect(audit).to.include('"query_keys":["token","password"]');
    expectNoSecrets(audit, secrets);
  });

  it('keeps every token and Secret value out of bin/agent.js\'s stdout and stderr at debug level', async () => {
    const secrets = {
      'service-account token': kube.token().trim(),
      'control-plane token': 'cp-tok-child-2f6a0d8e4c1b4977',
      'assigned Runner token': 'asg-tok-child-8e3d1f7a9b2c4405',
      'Secret value': 'Child-S3cr3t-d41e7a0c9b8f6e25',
    };
    const runner = await new Peer({ token: secrets['assigned Runner token'] }).listen();
    const cp = await new Peer({
      token: secrets['control-plane token'],
      path: '/ws/agent',
      register: { cluster_id: 'c-leak-child', runners: [{ url: runner.url, token: secrets['assigned Runner token'], name: 'child-runner' }] },
    }).listen();
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-leak-'));
    const child = spawn(process.execPath, ['bin/agent.js', '--debug'], {
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIPEOPS_'))),
        ...kube.agentEnv(),
        PIPEOPS_PIPEOPS_API_URL: cp.httpUrl,
        PIPEOPS_PIPEOPS_TOKEN: secrets['control-plane token'],
        PIPEOPS_AGENT_PORT: '0',
        PIPEOPS_AGENT_STATE_STORE: 'file',
        PIPEOPS_AGENT_STATE_FILE: join(dir, 'state.json'),
        PIPEOPS_LOGGING_LEVEL: 'debug',
        PIPEOPS_AUDIT_ENABLED: 'true',
        PIPEOPS_AUDIT_OUTPUT: 'stderr',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const conn = await runner.connection(30_000);
      await exercise(conn, 'child', secrets['Secret value'], secrets['assigned Runner token'], secrets['service-account token']);
      // The config command prints the effective configuration with its secrets masked.
    } finally {
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
      await runner.close();
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(out).to.include('proxied request finished');
    expect(out).to.include('"log":"audit"');
    expect(out).to.include('"id":"child-impersonate"');
    expectNoSecrets(out, secrets);
  });
});
