// The service-account token file misbehaving under a running agent: missing
// for a moment, empty, then rotated the way the kubelet does it (a symlink
// flip of ..data). Requests keep working on the last good token throughout,
// and the new one is used once it is there.
import { expect } from 'chai';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent } from '../support/agent.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { ALL_RULES } from '../../testkit/kube/provision.ts';
import { delay, eventually, expectTerminalFrames, logLines, trackHandles } from './helpers.ts';

const SA = 'pipeops-fault-token';

async function whoami(conn: PeerConnection, id: string): Promise<{ status: number; user: string }> {
  const res = await conn.request({
    id,
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })).toString('base64'),
  });
  const body = Buffer.from(res.body ?? '', 'base64').toString('utf8');
  const user = res.status_code === 201 ? (JSON.parse(body) as { status: { userInfo: { username: string } } }).status.userInfo.username : '';
  return { status: res.status_code ?? 0, user };
}

describe('faults: the token file rotated, missing and empty', function () {
  this.timeout(60_000);

  it('keeps serving with the last good token while the file is missing or empty, and picks up a kubelet-style rotation', async () => {
    const handles = trackHandles();
    // A kubelet projected volume: token → ..data/token, ..data → a timestamped dir.
    const source = await kube.createServiceAccount(SA, ALL_RULES, { clusterWide: true });
    const dir = `${source}-projected`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, '..2026_01'), { recursive: true });
    for (const f of ['token', 'ca.crt', 'namespace']) copyFileSync(join(source, f), join(dir, '..2026_01', f));
    symlinkSync('..2026_01', join(dir, '..data'));
    for (const f of ['token', 'ca.crt', 'namespace']) symlinkSync(join('..data', f), join(dir, f));

    const peer = await new Peer({ token: 'rt' }).listen();
    const t = await startTestAgent({ saDir: dir, configure: (c) => (c.runners = [{ url: peer.url, token: 'rt' }]) });
    const ids: string[] = [];
    let failures = 0;
    let ok = 0;
    let running = true;
    try {
      const conn = await peer.connection();
      expect((await whoami(conn, 'who-1')).user).to.equal(`system:serviceaccount:${kube.namespace}:${SA}`);
      const loop = (async () => {
        for (let i = 0; running; i++) {
          const id = `tok-${i}`;
          ids.push(id);
          const res = await conn.request({ id, method: 'GET', path: `/api/v1/namespaces/${kube.namespace}/configmaps` });
          if (res.status_code === 200) ok++;
          else failures++;
          await delay(10);
        }
      })();

      // Requests that complete from now on: each phase lasts until ten more have been answered.
      const tenMore = (what: string) => {
        const mark = ok + failures;
        return eventually(() => ok + failures >= mark + 10, 30_000, `ten requests ${what}`);
      };
      // Missing for a moment (the symlink target is gone), then empty.
      renameSync(join(dir, '..2026_01'), join(dir, '..gone'));
      await tenMore('while the token file is missing');
      mkdirSync(join(dir, '..2026_01'));
      writeFileSync(join(dir, '..2026_01', 'token'), '');
      await tenMore('while the token file is empty');
      expect(failures, 'requests failed while the token file was missing or empty').to.equal(0);

      // The kubelet's rotation: a new timestamped dir, then ..data flipped to it atomically.
      const fresh = await kube.mintToken(SA);
      mkdirSync(join(dir, '..2026_02'));
      writeFileSync(join(dir, '..2026_02', 'token'), fresh);
      for (const f of ['ca.crt', 'namespace']) copyFileSync(join(source, f), join(dir, '..2026_02', f));
      symlinkSync('..2026_02', join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      await eventually(() => logLines(t.logs).some((l) => l.msg === 'service-account token rotated'), 60_000, 'the rotation to be noticed');
      await tenMore('on the rotated token');
      running = false;
      await loop;
      expect(ok).to.be.at.least(30);
      expect(failures).to.equal(0);
      expect((await whoami(conn, 'who-2')).status).to.equal(201);
      expectTerminalFrames(conn, [...ids, 'who-1', 'who-2']);
    } finally {
      running = false;
      await t.stop();
      await peer.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await handles.expectNone();
  });
});
