// Bounded impersonation against the real API server. The agent runs as a
// service account whose only impersonation grant is the opt-in rule of
// examples/kubernetes/rbac-least-privilege.yaml (uncommented here), with
// proxy.impersonate_users ["pipeops:*"] and impersonate_groups
// ["pipeops:viewers"]; pipeops:alice holds the view rules in one namespace.
// A TcpProxy in front of the API server counts the bytes
// the agent sends it, so "refused before the API server" is measured, and
// kube-apiserver's own audit log shows whom each allowed request ran as.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parse } from 'yaml';
import type { AuditRecord } from '../../lib/audit/record.ts';
import { kube } from '../../testkit/kube/harness.ts';
import type { PolicyRule } from '../../testkit/kube/provision.ts';
import { Peer } from '../../testkit/runner-peer/server.ts';
import { type PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startTestAgent, type TestAgent } from '../support/agent.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const NS = 'pipeops-impersonation'; // logged by testkit/kube/audit-policy.yaml
const SA = 'pipeops-impersonator';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** The commented-out opt-in rules at the end of the example ClusterRole, uncommented. */
function optInRules(): PolicyRule[] {
  const text = readFileSync('examples/kubernetes/rbac-least-privilege.yaml', 'utf8');
  const block = text.split('\n').filter((l) => /^ {2}# {1,3}(- |[a-zA-Z]+:)/.test(l) && /apiGroups|resources|verbs|resourceNames/.test(l));
  const rules = (parse(block.map((l) => l.replace(/^ {2}# /, '')).join('\n')) as PolicyRule[]).filter((r) => r.verbs.includes('impersonate'));
  expect(rules.map((r) => r.resources?.[0])).to.deep.equal(['users', 'groups']);
  return rules;
}

interface ApiAuditEvent {
  verb: string;
  objectRef?: { namespace?: string; resource?: string; name?: string };
  user: { username: string };
  impersonatedUser?: { username: string; groups?: string[] };
  responseStatus?: { code: number };
  requestURI: string;
}

/** kube-apiserver's audit events for the namespace, once one matches (it is written as the response completes). */
async function apiAuditEvent(match: (e: ApiAuditEvent) => boolean): Promise<ApiAuditEvent> {
  for (;;) {
    let text = '';
    try {
      text = readFileSync(join(kube.state.dir, 'kube-apiserver-audit.log'), 'utf8');
    } catch {
      // not written yet
    }
    const found = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ApiAuditEvent).find(match);
    if (found) return found;
    await delay(100);
  }
}

describe('bounded impersonation', function () {
  this.timeout(60_000);
  let peer: Peer;
  let agent: TestAgent;
  let conn: PeerConnection;
  let api: TcpProxy;
  let dir: string;
  let seq = 0;
  const id = (p: string): string => `${p}-${++seq}`;
  const records = async (): Promise<AuditRecord[]> => {
    await agent.agent.audit!.flush();
    return readFileSync(join(dir, 'audit.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditRecord);
  };
  const recordOf = async (requestId: string): Promise<AuditRecord> => {
    const all = (await records()).filter((r) => r.id === requestId);
    expect(all, `audit records of ${requestId}`).to.have.lengthOf(1);
    return all[0];
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeops-impersonation-'));
    const ns = await kube.adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    expect(ns.status).to.be.oneOf([201, 409]);
    const binding = await kube.adminRequest('POST', `${RBAC}/namespaces/${NS}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'alice-view', namespace: NS },
      // `view` is aggregated by kube-controller-manager, which the harness does not run; its
      // rules come from system:aggregate-to-view, bound here directly.
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:aggregate-to-view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'pipeops:alice' }],
    });
    expect(binding.status).to.be.oneOf([201, 409]);
    const cm = await kube.adminRequest('POST', `/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'seen-by-alice' }, data: { a: 'b' } });
    expect(cm.status).to.be.oneOf([201, 409]);
    const saDir = await kube.createServiceAccount(SA, optInRules(), { clusterWide: true });
    // RBAC reaches the authoriser through an informer: wait until the grant and the binding are in effect.
    const direct = kube.clientFor(kube.token(saDir));
    try {
      while ((await direct.request('GET', `/api/v1/namespaces/${NS}/configmaps`, undefined, { 'Impersonate-User': 'pipeops:alice' })).status !== 200) await delay(100);
    } finally {
      await direct.close();
    }
    api = await new TcpProxy(kube.host, kube.port).listen();
    peer = await new Peer({ token: 'imp' }).listen();
    agent = await startTestAgent({
      saDir,
      apiHost: '127.0.0.1',
      apiPort: api.port,
      level: 'info',
      // No periodic /readyz probe: every byte through the TcpProxy is a proxied request.
      start: { apiProbeInterval: 0 },
      configure: (c) => {
        c.runners = [{ url: peer.url, token: 'imp', name: 'imp-runner' }];
        c.agent.state_store = 'file';
        c.agent.state_file = join(dir, 'state.json');
        c.proxy.allow_impersonation = true;
        c.proxy.impersonate_users = ['pipeops:*'];
        c.proxy.impersonate_groups = ['pipeops:viewers'];
        c.audit.enabled = true;
        c.audit.output = join(dir, 'audit.log');
      },
    });
    conn = await peer.connection();
  });

  after(async () => {
    await agent?.stop();
    await peer?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (user: string, extra: Record<string, string> = {}) => ({ 'Impersonate-User': user, ...extra });

  it('lets pipeops:alice, bound to view, list but not create; the API server sees her', async () => {
    const listId = id('alice-list');
    const list = await conn.request({ id: listId, method: 'GET', path: `/api/v1/namespaces/${NS}/configmaps`, headers: as('pipeops:alice', { 'Impersonate-Group': 'pipeops:viewers' }) });
    expect(list.status_code, Buffer.from(list.body ?? '', 'base64').toString()).to.equal(200);
    expect(Buffer.from(list.body ?? '', 'base64').toString()).to.include('seen-by-alice');

    const createId = id('alice-create');
    const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'alice-made-this' } })).toString('base64');
    const create = await conn.request({ id: createId, method: 'POST', path: `/api/v1/namespaces/${NS}/configmaps`, headers: { ...as('pipeops:alice'), 'Content-Type': 'application/json' }, body });
    expect(create.status_code).to.equal(403);
    expect(Buffer.from(create.body ?? '', 'base64').toString()).to.include('User \\"pipeops:alice\\" cannot create resource \\"configmaps\\"');
    expect((await kube.adminRequest('GET', `/api/v1/namespaces/${NS}/configmaps/alice-made-this`)).status).to.equal(404);

    const listed = await apiAuditEvent((e) => e.verb === 'list' && e.objectRef?.resource === 'configmaps' && e.impersonatedUser?.username === 'pipeops:alice' && e.user.username.endsWith(`:${SA}`) && (e.impersonatedUser.groups ?? []).includes('pipeops:viewers'));
    expect(listed.user.username).to.equal(`system:serviceaccount:${kube.namespace}:${SA}`);
    expect(listed.impersonatedUser?.groups).to.include('pipeops:viewers');
    expect(listed.responseStatus?.code).to.equal(200);
    const refused = await apiAuditEvent((e) => e.verb === 'create' && e.objectRef?.resource === 'configmaps' && e.impersonatedUser?.username === 'pipeops:alice');
    expect(refused.responseStatus?.code).to.equal(403);

    const l = await recordOf(listId);
    expect(l).to.include({ user: 'pipeops:alice', status: 200, socket: 'runner:imp-runner', verb: 'GET' });
    expect(l.groups).to.deep.equal(['pipeops:viewers']);
    expect(l.bytes_down).to.be.greaterThan(0);
    const c = await recordOf(createId);
    expect(c).to.include({ user: 'pipeops:alice', status: 403, verb: 'POST' });
    expect(c).not.to.have.property('code'); // the API server refused it, not the agent
    expect(c.bytes_up).to.equal(Buffer.from(body, 'base64').length);
  });

  it('leaves a name the agent allows but the RBAC grant does not (pipeops:carol) to the API server, which refuses it', async () => {
    const res = await conn.request({ id: id('carol'), method: 'GET', path: `/api/v1/namespaces/${NS}/configmaps`, headers: as('pipeops:carol') });
    expect(res.status_code).to.equal(403);
    expect(Buffer.from(res.body ?? '', 'base64').toString()).to.match(/cannot impersonate resource "users"|cannot impersonate/);
  });

  const refusals: Array<[string, Record<string, string>, RegExp]> = [
    ['system:masters as a group', as('pipeops:alice', { 'Impersonate-Group': 'system:masters' }), /"system:masters" is not allowed/],
    ['system:admin as the user', as('system:admin'), /"system:admin" is not allowed/],
    ['a service account as the user', as("system:serviceaccount:kube-system:default"), /not allowed \(proxy.impersonate_users\)/],
    ['an unlisted user', as('bob'), /"bob" is not allowed/],
    ['an unlisted group', as('pipeops:alice', { 'Impersonate-Group': 'pipeops:admins' }), /"pipeops:admins" is not allowed/],
    ['a Uid smuggled beside a listed user', as('pipeops:alice', { 'Impersonate-Uid': '0' }), /Impersonate-Uid refused/],
    ['an Extra smuggled beside a listed user', as('pipeops:alice', { 'Impersonate-Extra-Scopes': 'cluster-admin' }), /Impersonate-Extra-Scopes refused/],
    ['impersonate-user in lower case', { 'impersonate-user': 'system:admin' }, /not allowed/],
    ['IMPERSONATE-USER in upper case', { 'IMPERSONATE-USER': 'system:admin' }, /not allowed/],
    ['the user header twice, differing in case', { 'Impersonate-User': 'pipeops:alice', 'impersonate-USER': 'system:admin' }, /not allowed|repeated in another letter case/],
    ['a listed user twice, differing in case', { 'Impersonate-User': 'pipeops:alice', 'impersonate-user': 'pipeops:alice' }, /repeated in another letter case/],
    ['a group without a user', { 'Impersonate-Group': 'pipeops:viewers' }, /needs an Impersonate-User/],
  ];

  it('refuses every other identity with 403 before a byte reaches the API server, and audits each refusal', async () => {
    // The counter moves for an allowed request (so the check below can fail)…
    const before = api.bytesUp;
    expect((await conn.request({ id: id('control'), method: 'GET', path: `/api/v1/namespaces/${NS}/configmaps`, headers: as('pipeops:alice') })).status_code).to.equal(200);
    expect(api.bytesUp).to.be.greaterThan(before);
    // …and stays still for the refused ones.
    const still = api.bytesUp;
    const ids: string[] = [];
    for (const [label, headers, why] of refusals) {
      const rid = id('refused');
      ids.push(rid);
      const res = await conn.request({ id: rid, method: 'GET', path: `/api/v1/namespaces/${NS}/configmaps`, headers });
      expect(res.status_code, label).to.equal(403);
      expect(res.error, label).to.match(/^refused by policy: /);
      expect(res.error, label).to.match(why);
    }
    expect(api.bytesUp).to.equal(still);
    for (const [i, rid] of ids.entries()) {
      const r = await recordOf(rid);
      expect(r, refusals[i][0]).to.include({ status: 403, code: 'POLICY_REFUSED' });
      expect(r.error, refusals[i][0]).to.match(refusals[i][2]);
      const sent = Object.entries(refusals[i][1]).find(([k]) => k.toLowerCase() === 'impersonate-user');
      if (sent) expect(r.user, refusals[i][0]).to.be.a('string');
      if (!sent) expect(r.groups, refusals[i][0]).to.deep.equal(['pipeops:viewers']);
    }
    expect((await recordOf(ids[1])).user).to.equal('system:admin');
  });
});
