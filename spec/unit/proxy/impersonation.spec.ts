import { expect } from 'chai';
import { requestHeaders } from '../../../lib/proxy/headers.ts';
import { impersonationPolicy, NameMatcher } from '../../../lib/proxy/impersonation.ts';

describe('impersonation', () => {
  describe('NameMatcher', () => {
    const m = new NameMatcher(['pipeops:*', 'ci-bot', 'system:authenticated']);
    it('matches exact names and prefixes', () => {
      expect(m.matches('pipeops:alice')).to.equal(true);
      expect(m.matches('ci-bot')).to.equal(true);
      expect(m.matches('ci-bot2')).to.equal(false);
      expect(m.matches('pipeops:')).to.equal(false);
      expect(m.matches('PIPEOPS:alice')).to.equal(false);
    });
    it('matches a system: name only when it is listed itself', () => {
      expect(m.matches('system:authenticated')).to.equal(true);
      expect(new NameMatcher(['sys*', 's*']).matches('system:masters')).to.equal(false);
      expect(m.matches('system:masters')).to.equal(false);
    });
  });

  describe('modes', () => {
    it('is off without allow_impersonation, any with it and no lists, bounded with lists', () => {
      expect(impersonationPolicy({ allow_impersonation: false, impersonate_users: ['a'], impersonate_groups: [] }).mode).to.equal('off');
      expect(impersonationPolicy({ allow_impersonation: true, impersonate_users: [], impersonate_groups: [] }).mode).to.equal('any');
      expect(impersonationPolicy({ allow_impersonation: true, impersonate_users: [], impersonate_groups: ['g'] }).mode).to.equal('bounded');
    });
    it('lets anything through in any mode, system:masters included (the old behaviour)', () => {
      const any = impersonationPolicy({ allow_impersonation: true, impersonate_users: [], impersonate_groups: [] });
      expect(requestHeaders({ 'Impersonate-Group': 'system:masters', 'Impersonate-User': 'x' }, any).ok).to.equal(true);
    });
  });

  describe('bounded mode', () => {
    const policy = impersonationPolicy({ allow_impersonation: true, impersonate_users: ['pipeops:*'], impersonate_groups: ['pipeops:viewers'] });
    const refused = (headers: Record<string, string>): string => {
      const r = requestHeaders(headers, policy);
      if (r.ok) throw new Error(`expected a refusal of ${JSON.stringify(headers)}`);
      expect(r.status).to.equal(403);
      return r.reason;
    };

    it('forwards a listed user and group', () => {
      expect(requestHeaders({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Group': 'pipeops:viewers', Accept: 'x' }, policy)).to.deep.equal({
        ok: true,
        headers: { 'impersonate-user': 'pipeops:alice', 'impersonate-group': 'pipeops:viewers', accept: 'x' },
      });
    });

    it('refuses system: and unlisted identities, naming the key that bounds them', () => {
      expect(refused({ 'Impersonate-User': 'system:admin' })).to.match(/"system:admin" is not allowed \(proxy.impersonate_users\)/);
      expect(refused({ 'Impersonate-User': 'system:serviceaccount:kube-system:default' })).to.match(/impersonate_users/);
      expect(refused({ 'Impersonate-User': 'bob' })).to.match(/"bob"/);
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Group': 'system:masters' })).to.match(/"system:masters" is not allowed \(proxy.impersonate_groups\)/);
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Group': 'pipeops:admins' })).to.match(/impersonate_groups/);
    });

    it('matches what the API server will see: surrounding whitespace does not hide a system: name', () => {
      expect(refused({ 'Impersonate-User': ' system:admin\t' })).to.match(/not allowed/);
    });

    it('refuses Uid, Extra-* and unknown Impersonate-* headers', () => {
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Uid': '0' })).to.match(/Impersonate-Uid refused/);
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Extra-Scopes': 'admin' })).to.match(/Impersonate-Extra-Scopes refused/);
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Extra-': 'x' })).to.match(/refused/);
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Users': 'x' })).to.match(/refused/);
    });

    it('checks every letter case, and refuses one name sent in two cases', () => {
      expect(refused({ 'impersonate-user': 'system:admin' })).to.match(/not allowed/);
      expect(refused({ 'IMPERSONATE-USER': 'system:admin' })).to.match(/not allowed/);
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'impersonate-user': 'pipeops:bob' })).to.match(/repeated in another letter case/);
      expect(refused({ 'Impersonate-User': 'pipeops:alice', 'Impersonate-Group': 'pipeops:viewers', 'IMPERSONATE-GROUP': 'system:masters' })).to.match(/not allowed|repeated/);
    });

    it('refuses a group without a user', () => {
      expect(refused({ 'Impersonate-Group': 'pipeops:viewers' })).to.match(/needs an Impersonate-User/);
    });

    it('leaves requests without impersonation alone', () => {
      expect(requestHeaders({ Accept: 'application/json' }, policy)).to.deep.equal({ ok: true, headers: { accept: 'application/json' } });
    });
  });
});
