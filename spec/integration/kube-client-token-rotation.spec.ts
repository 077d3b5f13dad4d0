// The agent's own calls to the real API server — the identity ConfigMap,
// cluster status, doctor's checks — recover from a rotated service-account
// token with one retry after the 401. The old token is really revoked (it was
// bound to a Secret that is then deleted), and the token file is a symlink
// into a directory the token source does not watch, so the new token can only
// be found by the re-read after a 401: the path under test, not the watcher.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkApiServer, checkPermissions } from '../../lib/doctor/kube-checks.ts';
import { Report } from '../../lib/doctor/report.ts';
import { ClusterStatus } from '../../lib/kube/cluster-status.ts';
import { ConfigMapIdentityStore } from '../../lib/control-plane/configmap-store.ts';
import { createKubeTarget, type KubeTarget } from '../../lib/kube/target.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { ALL_RULES, writeToken } from '../../testkit/kube/provision.ts';
import { logSink, type LogSink } from '../support/log-sink.ts';
import { testConfig } from '../support/test-config.ts';

const SA = 'pipeops-client-rotation';

interface Rotating {
  target: KubeTarget;
  log: LogSink;
  /** Puts a fresh, valid token where the token file points, unseen by the token source's watcher. */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

describe('the API server client after a token rotation (real API server)', function () {
  this.timeout(60_000);
  let source: string;
  let seq = 0;

  before(async () => {
    source = await kube.createServiceAccount(SA, ALL_RULES, { clusterWide: true });
  });

  /** A token of SA that the API server no longer accepts: bound to a Secret, which is then deleted. */
  async function revokedToken(): Promise<string> {
    const name = `client-rotation-${++seq}`;
    const base = `/api/v1/namespaces/${kube.namespace}/secrets`;
    const secret = await kube.adminRequest('POST', base, { apiVersion: 'v1', kind: 'Secret', metadata: { name } });
    expect(secret.status, secret.text).to.equal(201);
    const uid = secret.json<{ metadata: { uid: string } }>().metadata.uid;
    const minted = await kube.adminRequest('POST', `/api/v1/namespaces/${kube.namespace}/serviceaccounts/${SA}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600, boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name, uid } },
    });
    expect(minted.status, minted.text).to.equal(201);
    const token = minted.json<{ status: { token: string } }>().status.token;
    expect((await kube.adminRequest('DELETE', `${base}/${name}`)).status).to.equal(200);
    // The authenticator learns of the deletion from its own cache: wait for the refusal itself.
    const client = kube.clientFor(token);
    try {
      while ((await client.request('GET', '/version')).status !== 401) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.close();
    }
    return token;
  }

  async function rotating(): Promise<Rotating> {
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-rotation-'));
    const sa = join(dir, 'sa');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(sa);
    mkdirSync(elsewhere);
    for (const f of ['ca.crt', 'namespace']) copyFileSync(join(source, f), join(sa, f));
    await writeToken(elsewhere, await revokedToken());
    symlinkSync(join('..', 'elsewhere', 'token'), join(sa, 'token'));
    const log = logSink('debug');
    const config = testConfig().kubernetes;
    config.in_cluster = true;
    config.service_account_dir = sa;
    const target = await createKubeTarget({
      config,
      env: { KUBERNETES_SERVICE_HOST: kube.host, KUBERNETES_SERVICE_PORT: String(kube.port) },
      logger: log.logger,
    });
    return {
      target,
      log,
      rotate: async () => writeToken(elsewhere, await kube.mintToken(SA)),
      close: async () => {
        await target.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const rotations = (r: Rotating): number => r.log.find('service-account token rotated').length;

  it('the identity ConfigMap store reads and writes again', async () => {
    const r = await rotating();
    try {
      const store = new ConfigMapIdentityStore(r.target, kube.namespace, 'client-rotation-state');
      // Before the rotation the revoked token is all there is: the 401 reaches the caller.
      const refused = await store.load().then(
        () => undefined,
        (err: unknown) => err as Error,
      );
      expect(refused?.message).to.match(/HTTP 401/);
      await r.rotate();
      await store.save({ agent_id: 'a-1', cluster_id: 'c-1' });
      expect(await store.load()).to.deep.equal({ agent_id: 'a-1', cluster_id: 'c-1' });
      expect(rotations(r)).to.equal(1);
      const cm = await kube.adminRequest('GET', `/api/v1/namespaces/${kube.namespace}/configmaps/client-rotation-state`);
      expect(cm.json<{ data: Record<string, string> }>().data).to.deep.equal({ agent_id: 'a-1', cluster_id: 'c-1' });
    } finally {
      await r.close();
    }
  });

  it('cluster status probes, reads the version and counts again', async () => {
    const r = await rotating();
    try {
      const status = new ClusterStatus({ target: r.target, logger: r.log.logger, probeInterval: 0 });
      expect(await status.probe()).to.equal(false);
      expect(status.problem).to.match(/401/);
      await r.rotate();
      expect(await status.probe()).to.equal(true);
      expect(await status.version()).to.match(/^v1\./);
      const counts = await status.counts();
      expect(counts.nodes).to.be.greaterThan(0);
      expect(rotations(r)).to.equal(1);
    } finally {
      await r.close();
    }
  });

  it("doctor's API server and permission checks pass again", async () => {
    const r = await rotating();
    try {
      const lines: string[] = [];
      const report = new Report({ write: (s) => lines.push(s) });
      expect(await checkApiServer(r.target, report, 10_000)).to.equal(false);
      expect(lines.join('')).to.match(/rejected the agent's credentials \(401\)/);
      await r.rotate();
      lines.length = 0;
      const config = testConfig();
      config.agent.state_store = 'configmap';
      expect(await checkApiServer(r.target, report, 10_000), lines.join('')).to.equal(true);
      expect(await checkPermissions(config, r.target, report, 10_000), lines.join('')).to.equal(true);
      expect(lines.join('')).to.match(/reachable, Kubernetes v1\./);
      expect(rotations(r)).to.equal(1);
    } finally {
      await r.close();
    }
  });
});
