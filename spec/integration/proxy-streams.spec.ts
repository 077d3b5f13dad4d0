// Many streams on one socket against the real API server: 200 watches and a
// 50 MB list share the Runner socket while small GETs keep answering; a Runner
// that stops reading pauses only its own streams; the agent's memory stays
// bounded; token rotation mid-run; a killed socket is redialled.
import { expect } from 'chai';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { K8sProxyResponse } from '../../lib/protocol/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { ALL_RULES } from '../../testkit/kube/provision.ts';
import { openWatches } from '../support/api-metrics.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startAgentWithRunner, startTestAgent, type TestAgent } from '../support/agent.ts';
import { eventually } from '../../testkit/eventually.ts';

const text = (f: K8sProxyResponse): string => Buffer.from(f.body ?? '', 'base64').toString('utf8');

describe('ProxyExecutor streams on one socket', function () {
  this.timeout(180_000);
  let peer: Peer;
  let agent: TestAgent;
  let conn: PeerConnection;
  let stop: (() => Promise<void>) | undefined;
  const ns = 'pipeops-bulk';

  before(async () => {
    expect((await kube.adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })).status).to.be.oneOf([201, 409]);
    // ~54 MB of ConfigMaps: 60 objects of 900 KB (etcd takes at most 1.5 MB per object).
    const payload = 'x'.repeat(900 * 1024);
    const creates = [];
    for (let i = 0; i < 60; i++) {
      creates.push(kube.adminRequest('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}` }, data: { payload } }));
      if (creates.length === 8) {
        for (const r of await Promise.all(creates.splice(0))) expect(r.status).to.be.oneOf([201, 409]);
      }
    }
    for (const r of await Promise.all(creates)) expect(r.status).to.be.oneOf([201, 409]);
    ({ peer, agent, conn, stop } = await startAgentWithRunner({ level: 'info' }));
  });

  after(() => stop?.());

  it('serves small GETs while 200 watches and a 50 MB list share the socket', async () => {
    // The API server watches some ConfigMaps itself (kube-system): count from there.
    const baseline = await openWatches('configmaps', 'namespace');
    const watches: string[] = [];
    for (let i = 0; i < 200; i++) {
      const id = `w-${i}`;
      watches.push(id);
      conn.send({ id, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps`, query: { watch: ['1'] }, stream: true });
    }
    await Promise.all(watches.map((id) => conn.next((f) => f.id === id && f.status_code === 200)));
    expect(await openWatches('configmaps', 'namespace')).to.equal(baseline + 200);

    conn.send({ id: 'big-list', method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, stream: true });
    await conn.next((f) => f.id === 'big-list' && f.chunk === true);
    const listDone = conn.next((f) => f.id === 'big-list' && f.done === true, 120_000);
    // Small GETs sent once the list is flowing.
    const small = Array.from({ length: 5 }, (_, i) => conn.request({ id: `small-${i}`, method: 'GET', path: '/version' }));
    for (const res of await Promise.all(small)) expect(res.status_code).to.equal(200);
    const done = await listDone;
    expect(done.error).to.equal(undefined);
    const chunks = conn.framesFor('big-list').filter((f) => f.chunk);
    const bytes = chunks.reduce((n, f) => n + Buffer.from(f.body ?? '', 'base64').length, 0);
    expect(bytes).to.be.greaterThan(50 * 1024 * 1024);
    for (const f of chunks) expect(Buffer.from(f.body ?? '', 'base64').length).to.be.at.most(64 * 1024);
    const list = JSON.parse(Buffer.concat(chunks.map((f) => Buffer.from(f.body ?? '', 'base64'))).toString('utf8')) as {
      items: { metadata: { name: string } }[];
    };
    // 60 of ours, plus kube-root-ca.crt, which the controller manager puts in every namespace.
    expect(list.items.map((i) => i.metadata.name).filter((name) => name.startsWith('bulk-'))).to.have.length(60);
    expect(list.items).to.have.length(61);
    // The small GETs did not wait for the list: their answers arrived while it was
    // still streaming (frames are recorded in arrival order).
    const listDoneIndex = conn.frames.indexOf(done);
    for (let i = 0; i < 5; i++) {
      const answer = conn.frames.findIndex((f) => f.id === `small-${i}`);
      expect(answer, `small-${i} answered before the list ended`).to.be.within(0, listDoneIndex);
    }
    const chunksAfter = conn.frames.slice(conn.frames.findIndex((f) => f.id === 'small-4') + 1, listDoneIndex).length;
    expect(chunksAfter, 'list chunks still to come after the last small answer').to.be.greaterThan(50);

    // A change is seen once by every watch, as one event per chunk.
    const seenBefore = conn.frames.length;
    expect((await kube.adminRequest('POST', `/api/v1/namespaces/${kube.namespace}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fan-out' } })).status).to.equal(201);
    await Promise.all(watches.map((id) => conn.next((f) => f.id === id && f.chunk === true && text(f).includes('"fan-out"'))));
    expect(conn.frames.slice(seenBefore).filter((f) => f.chunk && text(f).includes('"fan-out"'))).to.have.length(200);
    expect(agent.agent.runners.activeStreams).to.equal(200);

    for (const id of watches) conn.send({ id: `cancel-${id}`, method: 'CANCEL', stream_id: conn.framesFor(id)[0].stream_id });
    await Promise.all(watches.map((id) => conn.next((f) => f.id === id && f.done === true)));
    expect(agent.agent.runners.activeStreams).to.equal(0);
    // The API server stops serving all 200 at once.
    await eventually(async () => (await openWatches('configmaps', 'namespace')) === baseline, 60_000, 'the API server to close the 200 watches');
  });

  it('keeps memory bounded when the Runner stops reading a 50 MB list', async () => {
    conn.send({ id: 'paused-list', method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, stream: true });
    await conn.next((f) => f.id === 'paused-list' && f.status_code === 200);
    conn.pause();
    // The socket stops draining and the list's next chunk waits in the send queue; the stream awaits that write
    // before it reads more from the API server, so what the agent holds is that one chunk, not the list.
    await eventually(() => agent.agent.runners.backlogBytes > 0, 60_000, 'the paused list to wait on its socket');
    const held = agent.agent.runners.backlogBytes;
    expect(held, 'bytes waiting for the paused socket').to.be.below(1024 * 1024);
    conn.resume();
    const done = await conn.next((f) => f.id === 'paused-list' && f.done === true, 120_000);
    expect(done.error).to.equal(undefined);
    const bytes = conn.framesFor('paused-list').filter((f) => f.chunk).reduce((n, f) => n + Buffer.from(f.body ?? '', 'base64').length, 0);
    expect(bytes, 'list bytes delivered after resuming').to.be.above(50 * 1024 * 1024);
    expect(conn.framesFor('paused-list').filter((f) => f.done)).to.have.length(1);
  });

  it('re-reads a rotated token without failing a request', async () => {
    // The kubelet writes a fresh token before the old one expires; the old one
    // is then revoked. Two service accounts play the two tokens: the first is
    // deleted (so its token stops working) once the second's is on disk.
    const dir = await kube.createServiceAccount('pipeops-rotate-a', ALL_RULES, { clusterWide: true });
    await kube.createServiceAccount('pipeops-rotate-b', ALL_RULES, { clusterWide: true, dir: `${dir}-b` });
    const rotPeer = await new Peer({ token: 'r' }).listen();
    const rot = await startTestAgent({ saDir: dir, configure: (c) => (c.runners = [{ url: rotPeer.url, token: 'r' }]) });
    try {
      const rc = await rotPeer.connection();
      const whoami = async (id: string): Promise<string> => {
        const res = await rc.request({
          id,
          method: 'POST',
          path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })).toString('base64'),
        });
        expect(res.status_code).to.equal(201);
        return (JSON.parse(text(res)) as { status: { userInfo: { username: string } } }).status.userInfo.username;
      };
      expect(await whoami('who-1')).to.match(/:pipeops-rotate-a$/);
      let failures = 0;
      let ok = 0;
      let running = true;
      const loop = (async () => {
        for (let i = 0; running; i++) {
          const res = await rc.request({ id: `rot-${i}`, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps` });
          if (res.status_code === 200) ok++;
          else failures++;
          // Stay under proxy.rate_limit: this spec is about tokens, not the limiter.
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const tenMore = (what: string) => {
        const mark = ok + failures;
        return eventually(() => ok + failures >= mark + 10, 60_000, `ten requests ${what}`);
      };
      await tenMore('on the first token');
      const fresh = await kube.mintToken('pipeops-rotate-b');
      writeFileSync(join(dir, '.token.tmp'), fresh);
      renameSync(join(dir, '.token.tmp'), join(dir, 'token'));
      expect((await kube.adminRequest('DELETE', `/api/v1/namespaces/${kube.namespace}/serviceaccounts/pipeops-rotate-a`)).status).to.equal(200);
      // Requests go on across the revocation: the first may meet a 401 and must be retried on the new token.
      await tenMore('after the first token was revoked');
      running = false;
      await loop;
      expect(ok).to.be.at.least(20);
      expect(failures).to.equal(0);
      expect(await whoami('who-2')).to.match(/:pipeops-rotate-b$/);
    } finally {
      await rot.stop();
      await rotPeer.close();
    }
  });

  it('redials a killed socket and serves again', async () => {
    const first = await peer.connection();
    first.ws.terminate();
    const second = await peer.nextConnection(10_000);
    await second.next((f) => f.type === 'hello');
    const res = await second.request({ id: 'after-redial', method: 'GET', path: '/version' });
    expect(res.status_code).to.equal(200);
    conn = second;
  });
});
