import { expect } from 'chai';
import { redactBody, redactHeaders, redactString } from '../../../lib/log/redact.ts';

const SECRET_VALUE = 'cGFzc3dvcmQxMjM='; // base64 of "password123"

function b64(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
}

describe('redactString', () => {
  it('replaces bearer and basic credentials and JWTs', () => {
    expect(redactString('Authorization: Bearer abc.DEF-123_x')).to.equal('Authorization: Bearer ***');
    expect(redactString('basic dXNlcjpwYXNz here')).to.equal('basic *** here');
    expect(redactString('token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end')).to.equal('token *** end');
  });
});

describe('redactHeaders', () => {
  it('replaces credential headers whatever their case and scrubs the others', () => {
    expect(redactHeaders({ Authorization: 'Bearer t', cookie: 'a=b', Accept: 'application/json', 'X-Note': 'Bearer leaked', 'X-List': ['a', 'Bearer q'] })).to.deep.equal({
      Authorization: '***', cookie: '***', Accept: 'application/json', 'X-Note': 'Bearer ***', 'X-List': ['a', 'Bearer ***'],
    });
  });
});

describe('redactBody', () => {
  it('replaces the data of a Secret, keeping its keys', () => {
    const out = redactBody('application/json', b64({ kind: 'Secret', metadata: { name: 's' }, data: { password: SECRET_VALUE }, stringData: { raw: 'plain' } }));
    expect(out).not.to.include(SECRET_VALUE);
    expect(out).not.to.include('plain');
    expect(JSON.parse(out)).to.deep.equal({ kind: 'Secret', metadata: { name: 's' }, data: { password: '***' }, stringData: { raw: '***' } });
  });
  it('redacts every item of a SecretList and the last-applied annotation', () => {
    const list = { kind: 'SecretList', items: [{ kind: 'Secret', data: { a: SECRET_VALUE }, metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"a":"${SECRET_VALUE}"}}` } } }] };
    expect(redactBody('application/json', Buffer.from(JSON.stringify(list)))).not.to.include(SECRET_VALUE);
  });
  it('redacts Secrets in newline-delimited watch events', () => {
    const events = [{ type: 'ADDED', object: { kind: 'Secret', data: { k: SECRET_VALUE } } }, { type: 'MODIFIED', object: { kind: 'Pod' } }]
      .map((e) => JSON.stringify(e)).join('\n');
    const out = redactBody('application/json;stream=watch', b64(events));
    expect(out).not.to.include(SECRET_VALUE);
    expect(out.split('\n')).to.have.length(2);
  });
  it('withholds a YAML Secret it cannot parse', () => {
    const out = redactBody('application/yaml', b64(`apiVersion: v1\nkind: Secret\ndata:\n  p: ${SECRET_VALUE}\n`));
    expect(out).to.match(/withheld, holds a Secret/);
    expect(out).not.to.include(SECRET_VALUE);
  });
  it('summarises binary bodies and truncates long ones', () => {
    expect(redactBody('application/vnd.kubernetes.protobuf', Buffer.from([0x6b, 0x38, 0x73, 0]))).to.equal('<4 bytes application/vnd.kubernetes.protobuf>');
    expect(redactBody('text/plain', b64('x'.repeat(5000)), { maxChars: 100 })).to.equal(`${'x'.repeat(100)}…(4900 more chars)`);
  });
  it('replaces token-ish fields in any JSON', () => {
    expect(redactBody('application/json', b64({ spec: { token: 'abc', other: 'ok' } }))).to.equal('{"spec":{"token":"***","other":"ok"}}');
  });
});
