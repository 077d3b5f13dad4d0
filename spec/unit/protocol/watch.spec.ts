import { expect } from 'chai';
import { isFollowRequest, isWatchPath, isWatchRequest } from '../../../lib/protocol/watch.ts';

const PODS = '/api/v1/namespaces/default/pods';

describe('isWatchRequest', () => {
  describe('query', () => {
    for (const value of ['true', '1', 'True', 'TRUE', 'yes', '']) {
      it(`is a watch for watch=${JSON.stringify(value)}, as the API server reads it`, () => {
        expect(isWatchRequest({ path: PODS, query: { watch: [value] } })).to.equal(true);
      });
    }

    for (const value of ['false', 'False', '0']) {
      it(`is not a watch for watch=${value}`, () => {
        expect(isWatchRequest({ path: PODS, query: { watch: [value] } })).to.equal(false);
      });
    }

    it('reads the first value only, like the API server', () => {
      expect(isWatchRequest({ path: PODS, query: { watch: ['false', 'true'] } })).to.equal(false);
      expect(isWatchRequest({ path: PODS, query: { watch: ['true', 'false'] } })).to.equal(true);
    });

    it('is not a watch without values or without the parameter', () => {
      expect(isWatchRequest({ path: PODS, query: { watch: [] } })).to.equal(false);
      expect(isWatchRequest({ path: PODS, query: { follow: ['true'] } })).to.equal(false);
      expect(isWatchRequest({ path: PODS })).to.equal(false);
    });

    it('ignores an inherited watch property', () => {
      const query = Object.create({ watch: ['true'] }) as Record<string, string[]>;
      expect(isWatchRequest({ path: PODS, query })).to.equal(false);
    });
  });

  describe('path', () => {
    for (const path of ['/api/v1/watch/pods', '/api/v1/watch/namespaces/default/pods', '/apis/apps/v1/watch/deployments']) {
      it(`is a watch for ${path}`, () => {
        expect(isWatchPath(path)).to.equal(true);
        expect(isWatchRequest({ path })).to.equal(true);
      });
    }

    for (const path of [
      '/api/v1/namespaces/watch/pods',
      '/api/v1/namespaces/default/pods/watch',
      '/apis/apps/v1/namespaces/watch/deployments',
      '/api/watch',
      '/watch/api/v1/pods',
      'api/v1/watch/pods',
      '/version',
    ]) {
      it(`is not a watch for ${path}`, () => {
        expect(isWatchPath(path)).to.equal(false);
      });
    }

    it('is not a watch without a path (CANCEL)', () => {
      expect(isWatchPath(undefined)).to.equal(false);
    });
  });
});

describe('isFollowRequest', () => {
  it('reads follow as the API server does: the first value, false only for "false" in any case or "0"', () => {
    const follows = (v: string[] | undefined) => isFollowRequest(v === undefined ? {} : { query: { follow: v } });
    expect([['true'], ['1'], ['True'], [''], ['yes', 'false']].map(follows)).to.deep.equal([true, true, true, true, true]);
    expect([['false'], ['FALSE'], ['0'], ['0', 'true'], [], undefined].map(follows)).to.deep.equal([false, false, false, false, false, false]);
  });
});
