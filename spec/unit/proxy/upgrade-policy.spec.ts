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
      expect(checkUpgrade(path, on), path).to.include({ code: 'POLICY_REFUSED' });
      expect(checkUpgrade(path, on)?.message, path).to.match(/^refused by policy: only the exec, attach, portforward and proxy subresources/);
    }
  });

  it('refuses exec and attach, not port-forward, with proxy.upgrade.exec off', () => {
    const noExec = { ...on, exec: false };
    for (const sub of ['exec', 'attach']) {
      const refused = checkUpgrade(`/api/v1/namespaces/ns/pods/web/${sub}`, noExec);
      expect(refused, sub).to.include({ code: 'UPGRADE_DISABLED' });
      expect(refused?.message, sub).to.match(/proxy\.upgrade\.exec/);
    }
    expect(checkUpgrade('/api/v1/namespaces/ns/pods/web/portforward', noExec)).to.equal(undefined);
  });

  it('refuses every upgrade with proxy.upgrade.enabled off', () => {
    const refused = checkUpgrade('/api/v1/namespaces/ns/pods/web/portforward', { ...on, enabled: false });
    expect(refused).to.include({ code: 'UPGRADE_DISABLED' });
    expect(refused?.message).to.match(/proxy\.upgrade\.enabled/);
  });
});
