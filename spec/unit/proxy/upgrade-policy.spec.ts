import { expect } from 'chai';
import { checkUpgrade, upgradeTarget } from '../../../lib/proxy/upgrade-policy.ts';

const on = { enabled: true, exec: true, idle_timeout: 0, window: 1024 };

describe('upgrade policy', () => {
  it('allows the subresources that need an upgrade', () => {
    expect(upgradeTarget('/api/v1/namespaces/ns/pods/web/exec')).to.equal('exec');
    expect(upgradeTarget('/api/v1/namespaces/ns/pods/web/attach')).to.equal('attach');
    expect(upgradeTarget('/api/v1/namespaces/ns/pods/web/portforward')).to.equal('portforward');
    expect(upgradeTarget('/api/v1/namespaces/ns/pods/web:8080/proxy/ws')).to.equal('proxy');
    expect(upgradeTarget('/api/v1/namespaces/ns/services/https:api:443/proxy')).to.equal('proxy');
  });

  it('refuses everything else', () => {
    for (const path of [
      '/api/v1/namespaces/ns/pods/web',
      '/api/v1/namespaces/ns/pods/web/log',
      '/api/v1/namespaces/ns/pods/web/exec/more',
      '/api/v1/nodes/n/proxy',
      '/api/v1/namespaces/ns/services/s/exec',
      '/apis/apps/v1/namespaces/ns/deployments/d/exec',
      '/version',
    ]) {
      expect(upgradeTarget(path), path).to.equal(undefined);
      expect(checkUpgrade(path, on), path).to.match(/only the exec, attach, portforward and proxy subresources/);
    }
  });

  it('refuses exec and attach, not port-forward, with proxy.upgrade.exec off', () => {
    const noExec = { ...on, exec: false };
    expect(checkUpgrade('/api/v1/namespaces/ns/pods/web/exec', noExec)).to.match(/proxy\.upgrade\.exec/);
    expect(checkUpgrade('/api/v1/namespaces/ns/pods/web/attach', noExec)).to.match(/proxy\.upgrade\.exec/);
    expect(checkUpgrade('/api/v1/namespaces/ns/pods/web/portforward', noExec)).to.equal(undefined);
  });

  it('refuses every upgrade with proxy.upgrade.enabled off', () => {
    expect(checkUpgrade('/api/v1/namespaces/ns/pods/web/portforward', { ...on, enabled: false })).to.match(/proxy\.upgrade\.enabled/);
  });
});
