import { expect } from 'chai';
import { auditRecord } from '../../../lib/audit/record.ts';
import type { RequestEnd } from '../../../lib/proxy/request-end.ts';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 600);

function end(overrides: Partial<RequestEnd> = {}): RequestEnd {
  return {
    kind: 'request',
    socket: 'runner-1',
    id: 'r-1',
    frame: { id: 'r-1', method: 'GET', path: '/api/v1/namespaces/a/pods' },
    verb: 'GET',
    status: 200,
    byAgent: false,
    reason: undefined,
    bytesUp: 0,
    bytesDown: 512,
    startedAt: T0,
    seconds: 0.01234,
    ...overrides,
  };
}

describe('auditRecord', () => {
  it('holds who, what and how it ended', () => {
    expect(auditRecord(end())).to.deep.equal({
      log: 'audit',
      time: '2025-01-02T03:04:05.600Z',
      kind: 'request',
      socket: 'runner-1',
      id: 'r-1',
      verb: 'GET',
      path: '/api/v1/namespaces/a/pods',
      query_keys: [],
      query: {},
      status: 200,
      bytes_up: 0,
      bytes_down: 512,
      duration_ms: 12.3,
    });
  });

  it('names the impersonated user and groups, in any letter case, and no other header', () => {
    const r = auditRecord(end({ frame: { id: 'x', method: 'GET', path: '/', headers: { 'IMPERSONATE-USER': 'pipeops:alice', 'impersonate-group': 'pipeops:viewers', Authorization: 'Bearer t0k3n', 'X-Token': 'zzz' } } }));
    expect(r.user).to.equal('pipeops:alice');
    expect(r.groups).to.deep.equal(['pipeops:viewers']);
    expect(JSON.stringify(r)).not.to.match(/t0k3n|zzz|Authorization/);
  });

  it('lists every query key but keeps values only of keys that cannot carry a secret', () => {
    const r = auditRecord(end({ frame: { id: 'x', method: 'GET', path: '/', query: { labelSelector: ['app=web'], token: ['s3cr3t'], command: ['sh', '-c', 'PASSWORD=x'], continue: ['abc'], limit: ['5'] } } }));
    expect(r.query_keys).to.deep.equal(['labelSelector', 'token', 'command', 'continue', 'limit']);
    expect(r.query).to.deep.equal({ labelSelector: ['app=web'], limit: ['5'] });
    expect(JSON.stringify(r)).not.to.match(/s3cr3t|PASSWORD|abc/);
  });

  it('carries the code and text of an answer the agent gave by itself', () => {
    const r = auditRecord(
      end({ status: 403, byAgent: true, code: 'POLICY_REFUSED', reason: 'refused by policy: Impersonate-User "system:admin" is not allowed (proxy.impersonate_users)' }),
    );
    expect(r).to.include({ status: 403, code: 'POLICY_REFUSED' });
    expect(r.error).to.match(/system:admin/);
    // The code is the one the answer carried, not one guessed from its status or text.
    expect(auditRecord(end({ status: 429, byAgent: true, code: 'TOO_MANY_STREAMS', reason: 'rate limited: a misleading text' })).code).to.equal('TOO_MANY_STREAMS');
    expect(auditRecord(end({ status: 499, byAgent: true, code: 'SOCKET_LOST', reason: 'socket closed' })).code).to.equal('SOCKET_LOST');
    // The API server's own 403 is relayed, not the agent's: no code.
    expect(auditRecord(end({ status: 403 }))).not.to.have.any.keys('code', 'error');
  });

  it('says when and why a stream ended', () => {
    const done = auditRecord(end({ kind: 'stream', verb: 'WATCH', seconds: 2.5 }));
    expect(done.ended).to.deep.equal({ time: '2025-01-02T03:04:08.100Z', reason: 'complete' });
    expect(auditRecord(end({ kind: 'stream', reason: 'cancelled' })).ended?.reason).to.equal('cancelled');
    expect(auditRecord(end())).not.to.have.property('ended');
  });

  it('records a frame that could not be read by its recovered id alone', () => {
    const r = auditRecord(end({ frame: undefined, id: '', verb: '', status: 413, byAgent: true, code: 'TOO_LARGE', reason: 'frame larger than proxy.max_frame_bytes' }));
    expect(r).to.include({ id: '', path: '', verb: '', status: 413, code: 'TOO_LARGE' });
  });

  it('clips long values', () => {
    const r = auditRecord(end({ frame: { id: 'x', method: 'GET', path: `/${'a'.repeat(5000)}` } }));
    expect(r.path.length).to.be.lessThan(300);
  });
});
