// The audit trail of an agent on the real API server: one record per frame,
// whoever answered it (the API server, the executor, the channel), streams
// with how they ended; and an output that is slow, full or unwritable never
// stalls or crashes the agent. The stalled output is a fake sink (a disk that
// stops answering cannot be made on demand); the full disk is /dev/full.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../lib/audit/record.ts';
import type { AuditSink } from '../../lib/audit/sink.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent, type TestAgent } from '../support/agent.ts';

/** The value of one Prometheus sample, 0 when absent. */
async function sample(agent: TestAgent, series: string): Promise<number> {
  const text = await agent.agent.metrics.prometheus();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('audit trail', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pipeops-audit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function agentWith(configure: Parameters<typeof startTestAgent>[0] = {}): Promise<{ agent: TestAgent; peer: Peer; conn: PeerConnection }> {
    const peer = await new Peer({ token: 'au' }).listen();
    const agent = await startTestAgent({
      level: 'info',
      ...configure,
      configure: (c) => {
        c.runners = [{ url: peer.url, token: 'au', name: 'audited' }];
        c.audit.enabled = true;
        c.audit.output = join(dir, 'audit.log');
        c.proxy.max_frame_bytes = 64 * 1024;
        configure.configure?.(c);
      },
    });
    return { agent, peer, conn: await peer.connection() };
  }

  it('writes exactly one record per frame, of every kind, with what it did and how it ended', async () => {
    const { agent, peer, conn } = await agentWith();
    const ns = kube.namespace;
    try {
      expect((await conn.request({ id: 'get', method: 'GET', path: '/version' })).status_code).to.equal(200);
      const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `audit-${Date.now()}` } })).toString('base64');
      expect((await conn.request({ id: 'post', method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, headers: { 'Content-Type': 'application/json' }, body })).status_code).to.equal(201);
      expect((await conn.request({ id: 'list-stream', method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: { limit: ['2'], token: ['not-recorded'] }, stream: true })).done).to.equal(true);
      conn.send({ id: 'watch', method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: { watch: ['true'] }, stream: true });
      const start = await conn.next((f) => f.id === 'watch' && f.status_code === 200);
      expect((await conn.request({ id: 'watch', method: 'GET', path: '/version' })).status_code).to.equal(409);
      expect((await conn.request({ id: 'cancel', method: 'CANCEL', stream_id: start.stream_id })).status_code).to.equal(200);
      await conn.next((f) => f.id === 'watch' && f.done === true);
      expect((await conn.request({ id: 'cancel-unknown', method: 'CANCEL', stream_id: 'nope' })).status_code).to.equal(404);
      expect((await conn.request({ id: 'bad-path', method: 'GET', path: '/api/v1/../../etc' })).status_code).to.equal(403);
      expect((await conn.request({ id: 'impersonating', method: 'GET', path: '/version', headers: { 'Impersonate-User': 'pipeops:eve' } })).status_code).to.equal(403);
      conn.send({ id: 'invalid', method: 'GET', path: '/version', body: 42 });
      expect((await conn.next((f) => f.id === 'invalid')).status_code).to.equal(400);
      conn.send(JSON.stringify({ id: 'huge', method: 'GET', path: '/version', headers: { 'X-Pad': 'a'.repeat(70 * 1024) } }));
      expect((await conn.next((f) => f.id === 'huge')).status_code).to.equal(413);
      conn.ws.send(Buffer.from('{"id":"binary","method":"GET","path":"/version"}'), { binary: true });
      expect((await conn.next((f) => f.id === 'binary')).status_code).to.equal(400);
      // A session message is not a proxied request and gets no record.
      conn.send({ type: 'heartbeat_ack', id: 'session' });

      await agent.agent.audit!.flush();
      const records = readFileSync(join(dir, 'audit.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditRecord);
      const byId = (rid: string): AuditRecord[] => records.filter((r) => r.id === rid);
      expect(records.map((r) => r.id).sort()).to.deep.equal(
        ['get', 'post', 'list-stream', 'watch', 'watch', 'cancel', 'cancel-unknown', 'bad-path', 'impersonating', 'invalid', 'huge', 'binary'].sort(),
      );
      for (const r of records) expect(r).to.include({ log: 'audit', socket: 'runner:audited' });
      expect(byId('get')[0]).to.include({ kind: 'request', verb: 'GET', path: '/version', status: 200 });
      expect(byId('get')[0].bytes_down).to.be.greaterThan(0);
      expect(byId('post')[0]).to.include({ kind: 'request', verb: 'POST', status: 201, bytes_up: Buffer.from(body, 'base64').length });
      const listed = byId('list-stream')[0];
      expect(listed).to.include({ kind: 'stream', status: 200 });
      expect(listed.query_keys).to.deep.equal(['limit', 'token']);
      expect(listed.query).to.deep.equal({ limit: ['2'] });
      expect(listed.ended?.reason).to.equal('complete');
      const [watch, duplicate] = byId('watch').sort((a) => (a.kind === 'stream' ? -1 : 1));
      expect(watch).to.include({ kind: 'stream', verb: 'WATCH', status: 200 });
      expect(watch.ended?.reason).to.equal('cancelled');
      expect(Date.parse(watch.ended!.time)).to.be.at.least(Date.parse(watch.time));
      expect(duplicate).to.include({ kind: 'request', status: 409, code: 'DUPLICATE_ID' });
      expect(byId('cancel')[0]).to.include({ verb: 'CANCEL', status: 200 });
      expect(byId('cancel-unknown')[0]).to.include({ verb: 'CANCEL', status: 404, code: 'UNKNOWN_STREAM' });
      expect(byId('bad-path')[0]).to.include({ status: 403, code: 'POLICY_REFUSED' });
      expect(byId('impersonating')[0]).to.include({ status: 403, code: 'POLICY_REFUSED', user: 'pipeops:eve' });
      expect(byId('impersonating')[0].error).to.match(/impersonation is disabled/);
      expect(byId('invalid')[0]).to.include({ status: 400, code: 'FRAME_INVALID' });
      expect(byId('huge')[0]).to.include({ status: 413, code: 'TOO_LARGE', path: '' });
      expect(byId('binary')[0]).to.include({ status: 400, code: 'FRAME_INVALID' });
      expect(await sample(agent, 'pipeops_agent_audit_records_written_total')).to.equal(records.length);
    } finally {
      await agent.stop();
      await peer.close();
    }
  });

  it('keeps answering while the output is stalled, dropping and counting what does not fit the queue', async () => {
    let writes = 0;
    const stalled: AuditSink = { write: () => (writes++, new Promise<void>(() => {})), close: () => Promise.resolve() };
    const { agent, peer, conn } = await agentWith({ start: { auditSink: stalled }, configure: (c) => (c.audit.queue_size = 5) });
    try {
      for (let i = 0; i < 20; i++) expect((await conn.request({ id: `s-${i}`, method: 'GET', path: '/version' })).status_code).to.equal(200);
      expect(writes).to.equal(1); // the first batch is still "being written"
      expect(await sample(agent, 'pipeops_agent_audit_records_dropped_total{reason="queue_full"}')).to.be.at.least(14);
      expect(await sample(agent, 'pipeops_agent_audit_records_written_total')).to.equal(0);
      // Shutdown does not hang on the stalled output either.
      await agent.stop();
    } finally {
      await agent.stop();
      await peer.close();
    }
  });

  it('keeps answering on a full disk (/dev/full), counting the drops and logging the failure once', async () => {
    const { agent, peer, conn } = await agentWith({ configure: (c) => (c.audit.output = '/dev/full') });
    try {
      for (let i = 0; i < 3; i++) {
        expect((await conn.request({ id: `f-${i}`, method: 'GET', path: '/version' })).status_code).to.equal(200);
        await agent.agent.audit!.flush();
      }
      expect(await sample(agent, 'pipeops_agent_audit_records_dropped_total{reason="write_error"}')).to.equal(3);
      const failures = agent.logs.filter((l) => l.includes('cannot write audit records'));
      expect(failures).to.have.lengthOf(1);
      expect(failures[0]).to.include('AUDIT_WRITE_FAILED').and.include('ENOSPC');
    } finally {
      await agent.stop();
      await peer.close();
    }
  });

  it('refuses to start with exit 2 and a line naming audit.output when the file cannot be created', () => {
    writeFileSync(join(dir, 'plain'), '');
    const output = join(dir, 'plain', 'audit.log');
    const res = spawnSync(process.execPath, ['bin/agent.js'], {
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIPEOPS_'))),
        PIPEOPS_PIPEOPS_API_URL: 'http://127.0.0.1:1',
        PIPEOPS_PIPEOPS_TOKEN: 't',
        PIPEOPS_AUDIT_ENABLED: 'true',
        PIPEOPS_AUDIT_OUTPUT: output,
      },
      encoding: 'utf8',
    });
    expect(res.status).to.equal(2);
    expect(res.stderr.trim()).to.equal(`audit.output: ${JSON.stringify(output)} (env PIPEOPS_AUDIT_OUTPUT) cannot be created: ${join(dir, 'plain')} is not a directory`);
  });
});
