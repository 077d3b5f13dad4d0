import { expect } from 'chai';
import { checkPath, encodeQuery } from '../../../lib/proxy/path-policy.ts';

describe('checkPath', () => {
  const allowed = [
    '/api',
    '/apis',
    '/api/v1/namespaces/default/pods',
    '/apis/apps/v1/namespaces/default/deployments/nginx/scale',
    '/version',
    '/healthz',
    '/readyz/etcd',
    '/livez',
    '/openapi/v3/apis/apps/v1',
    '/api/v1/namespaces/default/pods/p/log',
    '/apis/rbac.authorization.k8s.io/v1/clusterroles/system:aggregate-to-admin',
    '/api/v1/namespaces/default/configmaps/a%3Ab',
  ];
  for (const p of allowed) {
    it(`allows ${p}`, () => expect(checkPath(p)).to.equal(undefined));
  }

  const refused: [string, RegExp][] = [
    ['', /empty/],
    ['api/v1', /start with/],
    ['/metrics', /must be below/],
    ['/apiextensions', /must be below/],
    ['/logs/kube-apiserver.log', /must be below/],
    ['/api/v1/../../etc/passwd', /\.\. segments/],
    ['/api/./v1', /\. or \.\. segments/],
    ['/api//v1', /empty segments/],
    ['/api/v1/', /empty segments/],
    ['/api/v1%2fpods', /encoded separators/],
    ['/api/v1%5Cpods', /encoded separators/],
    ['/api/%2e%2e/x', /encoded dots/],
    ['/api/%252e', /encoded percent/],
    ['/api/%0a', /encoded control/],
    ['/api/%zz', /malformed percent/],
    ['/api/%4', /malformed percent/],
    ['/api\\v1', /backslashes/],
    ['//evil.example/api', /authority/],
    ['/api/v1 pods', /spaces or control/],
    ['/api/v1\tpods', /spaces or control/],
    ['/api/v1/pödd', /ASCII/],
    ['/api/v1?x=1', /query field/],
    ['/api/v1#frag', /query field/],
    ['/' + 'a'.repeat(5000), /longer than/],
  ];
  for (const [p, why] of refused) {
    it(`refuses ${JSON.stringify(p.slice(0, 40))}`, () => expect(checkPath(p)).to.match(why));
  }
});

describe('encodeQuery', () => {
  it('encodes every value and repeats keys with several values', () => {
    expect(encodeQuery({ labelSelector: ['app=a&b', 'x y'], watch: ['true'] })).to.equal('?labelSelector=app%3Da%26b&labelSelector=x+y&watch=true');
  });
  it('is empty for no query', () => {
    expect(encodeQuery(undefined)).to.equal('');
    expect(encodeQuery({})).to.equal('');
  });
});
