import { expect } from 'chai';
import { Admission } from '../../../lib/tunnel/admission.ts';
import type { K8sProxyRequest } from '../../../lib/protocol/types.ts';
import { testConfig } from '../../support/test-config.ts';

function limits() {
  const proxy = testConfig().proxy;
  return { ...proxy, max_body_bytes: 10, max_concurrent_requests: 1, max_concurrent_streams: 1, rate_limit: { requests_per_second: 1, burst: 100 } };
}
const get = (id: string): K8sProxyRequest => ({ id, method: 'GET', path: '/version' });
const watch = (id: string, stream_id?: string): K8sProxyRequest => ({ id, method: 'GET', path: '/api/v1/pods', stream: true, ...(stream_id ? { stream_id } : {}) });
const none = (): boolean => false;

describe('Admission: the per-socket limits', () => {
  it('refuses a body over max_body_bytes', () => {
    const verdict = new Admission(limits()).admit(get('a'), 11, none);
    expect(verdict.ok).to.equal(false);
    if (!verdict.ok) expect(verdict.err.code).to.equal('TOO_LARGE');
  });

  it('refuses a request id already in flight', () => {
    const verdict = new Admission(limits()).admit(get('a'), 0, (id) => id === 'a');
    expect(!verdict.ok && verdict.err.code).to.equal('DUPLICATE_ID');
  });

  it('counts requests and streams apart, each to its limit, and gives slots back', () => {
    const a = new Admission(limits());
    expect(a.admit(get('r1'), 0, none)).to.deep.equal({ ok: true, streamId: undefined });
    const second = a.admit(get('r2'), 0, none);
    expect(!second.ok && second.err.code).to.equal('TOO_MANY_REQUESTS');
    expect(!second.ok && second.headers).to.deep.equal({ 'Retry-After': '1' });
    const s1 = a.admit(watch('w1'), 0, none);
    expect(s1.ok && s1.streamId).to.equal('s-1');
    expect(a.requestOf('s-1')).to.equal('w1');
    const s2 = a.admit(watch('w2'), 0, none);
    expect(!s2.ok && s2.err.code).to.equal('TOO_MANY_STREAMS');
    a.release(undefined);
    a.release('s-1');
    expect([a.requests, a.streams]).to.deep.equal([0, 0]);
    expect(a.requestOf('s-1')).to.equal(undefined);
  });

  it('keeps a free stream_id the request named, and replaces one in use', () => {
    const a = new Admission({ ...limits(), max_concurrent_streams: 5 });
    const first = a.admit(watch('w1', 'mine'), 0, none);
    expect(first.ok && first.streamId).to.equal('mine');
    const clash = a.admit(watch('w2', 'mine'), 0, none);
    expect(clash.ok && clash.streamId).to.equal('s-1');
    expect(a.requestOf('mine')).to.equal('w1');
  });

  it('refuses past the rate limit with a Retry-After hint', () => {
    const a = new Admission({ ...limits(), max_concurrent_requests: 1000, rate_limit: { requests_per_second: 0.001, burst: 2 } });
    expect(a.admit(get('1'), 0, none).ok).to.equal(true);
    expect(a.admit(get('2'), 0, none).ok).to.equal(true);
    const third = a.admit(get('3'), 0, none);
    expect(!third.ok && third.err.code).to.equal('RATE_LIMITED');
    expect(!third.ok && third.headers?.['Retry-After']).to.match(/^[1-9]\d*$/);
  });
});
