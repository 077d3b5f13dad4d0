// The fixtures in spec/fixtures/frames are the protocol's worked examples (the reference design's three requests,
// every session message, every kind of response frame); other specs and fake peers send them as they are.
import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'chai';
import { parseInbound, validateResponse } from '../../../lib/protocol/validate.ts';
import type { K8sProxyRequest } from '../../../lib/protocol/types.ts';

const dir = new URL('../../fixtures/frames/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

function request(name: string): K8sProxyRequest {
  const inbound = parseInbound(read(name));
  if (inbound.kind !== 'request') throw new Error(`${name}: ${JSON.stringify(inbound)}`);
  return inbound.frame;
}

describe('frame fixtures', () => {
  it('has request, response and session examples', () => {
    expect(files.filter((f) => f.startsWith('request-'))).to.have.length.at.least(3);
    expect(files.filter((f) => f.startsWith('response-'))).to.have.length.at.least(4);
    expect(files.filter((f) => f.startsWith('session-'))).to.have.length(8);
  });

  for (const file of files.filter((f) => f.startsWith('request-'))) {
    it(`${file} is a valid request frame`, () => {
      expect(parseInbound(read(file)).kind).to.equal('request');
    });
  }

  for (const file of files.filter((f) => f.startsWith('response-'))) {
    it(`${file} is a valid response frame`, () => {
      expect(validateResponse(JSON.parse(read(file)))).to.deep.include({ ok: true });
    });
  }

  for (const file of files.filter((f) => f.startsWith('session-'))) {
    it(`${file} is a valid session message of its type`, () => {
      const inbound = parseInbound(read(file));
      expect(inbound.kind).to.equal('session');
      const type = file.slice('session-'.length, -'.json'.length).replaceAll('-', '_');
      expect(inbound.kind === 'session' && inbound.message.type).to.equal(type);
    });
  }

  describe('the reference design examples', () => {
    it('lists pods', () => {
      expect(request('request-list-pods.json')).to.deep.equal({
        id: 'list-pods-123',
        method: 'GET',
        path: '/api/v1/namespaces/default/pods',
        headers: { Accept: 'application/json' },
      });
    });

    it('creates a Deployment from the exact YAML, base64-encoded', () => {
      const frame = request('request-create-deploy.json');
      expect(frame).to.include({ id: 'create-deploy-456', method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments' });
      expect(frame.headers).to.deep.equal({ 'Content-Type': 'application/yaml' });
      expect(Buffer.from(frame.body ?? '', 'base64').toString('utf8')).to.equal(read('create-deploy.yaml'));
      expect(read('create-deploy.yaml')).to.include('kind: Deployment').and.include('image: nginx:latest');
    });

    it('watches pods as a stream', () => {
      expect(request('request-watch-pods.json')).to.deep.equal({
        id: 'watch-pods-789',
        method: 'GET',
        path: '/api/v1/namespaces/default/pods',
        query: { watch: ['true'] },
        stream: true,
      });
    });
  });

  it('carries exactly one watch event in a watch chunk', () => {
    const chunk = JSON.parse(read('response-stream-chunk.json')) as { body: string };
    const event = JSON.parse(Buffer.from(chunk.body, 'base64').toString('utf8')) as { type: string; object: unknown };
    expect(event.type).to.equal('ADDED');
    expect(event.object).to.be.an('object');
  });
});
