import { expect } from 'chai';
import { requestHeaders, responseHeaders } from '../../../lib/proxy/headers.ts';

describe('requestHeaders', () => {
  it('drops Authorization, hop-by-hop headers and headers listed in Connection', () => {
    const r = requestHeaders(
      {
        Authorization: 'Bearer x',
        Connection: 'close, X-Drop-Me',
        'Keep-Alive': '1',
        'Proxy-Authorization': 'x',
        TE: 'trailers',
        Trailer: 'x',
        'Transfer-Encoding': 'chunked',
        Upgrade: 'h2c',
        Host: 'evil',
        'Content-Length': '5',
        'X-Drop-Me': '1',
        Accept: 'application/json',
        'Content-Type': 'application/yaml',
      },
      false,
    );
    expect(r).to.deep.equal({ ok: true, headers: { accept: 'application/json', 'content-type': 'application/yaml' } });
  });

  it('refuses Impersonate-* unless allowed', () => {
    expect(requestHeaders({ 'Impersonate-User': 'a' }, false)).to.include({ ok: false, status: 403 });
    expect(requestHeaders({ 'Impersonate-Extra-scopes': 'a' }, false)).to.include({ ok: false, status: 403 });
    expect(requestHeaders({ 'Impersonate-User': 'a' }, true)).to.deep.equal({ ok: true, headers: { 'impersonate-user': 'a' } });
  });

  it('refuses CR, LF or NUL in values and bad header names', () => {
    expect(requestHeaders({ A: 'x\r\nB: y' }, false)).to.include({ ok: false, status: 400 });
    expect(requestHeaders({ A: 'x\0' }, false)).to.include({ ok: false, status: 400 });
    expect(requestHeaders({ 'A B': 'x' }, false)).to.include({ ok: false, status: 400 });
    expect(requestHeaders({ '': 'x' }, false)).to.include({ ok: false, status: 400 });
  });

  it('is not polluted by __proto__ keys', () => {
    const input = JSON.parse('{"__proto__": "x", "constructor": "y", "Accept": "a"}') as Record<string, string>;
    const r = requestHeaders(input, false);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(Object.getPrototypeOf(r.headers)).to.equal(null);
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
    expect(Object.keys(r.headers).sort()).to.deep.equal(['__proto__', 'accept', 'constructor']);
  });
});

describe('responseHeaders', () => {
  it('canonicalises names, joins lists and drops hop-by-hop headers', () => {
    expect(responseHeaders({ 'content-type': 'application/json', 'transfer-encoding': 'chunked', connection: 'keep-alive', 'x-multi': ['a', 'b'], 'audit-id': '1' })).to.deep.equal({
      'Content-Type': 'application/json',
      'X-Multi': 'a, b',
      'Audit-Id': '1',
    });
  });
});
