// runDoctor's own logic without an API server: output format, the order of
// checks and stopping at the first failure, with a stub Kubernetes target and
// a local WebSocket peer. The real API server runs in spec/integration/doctor.spec.ts.
import { expect } from 'chai';
import { loadConfig } from '../../../lib/config/load.ts';
import type { AgentConfig } from '../../../lib/config/types.ts';
import { checkUpgrade } from '../../../lib/doctor/control-plane-checks.ts';
import { runDoctor } from '../../../lib/doctor/doctor.ts';
import { describePermission } from '../../../lib/doctor/kube-checks.ts';
import { Report } from '../../../lib/doctor/report.ts';
import { AgentError } from '../../../lib/errors.ts';
import { Peer } from '../../../testkit/runner-peer/server.ts';

function config(env: Record<string, string> = {}): AgentConfig {
  return loadConfig({
    argv: ['doctor'],
    env: { PIPEOPS_PIPEOPS_API_URL: 'https://cp.example.test', PIPEOPS_PIPEOPS_TOKEN: 'unit-token', ...env },
  }).config;
}

function sink(): { out: { write(s: string): void }; lines(): string[] } {
  let text = '';
  return { out: { write: (s: string) => void (text += s) }, lines: () => text.trimEnd().split('\n') };
}

describe('runDoctor', () => {
  it('writes ✔, ✘ with the fix, and ! lines', () => {
    const s = sink();
    const report = new Report(s.out);
    report.pass('config valid');
    report.warn('TLS verification is off');
    report.fail('API server unreachable', 'check the address');
    expect(s.lines()).to.deep.equal(['✔ config valid', '! TLS verification is off', '✘ API server unreachable — fix: check the address']);
    expect(report.failures).to.equal(1);
  });

  it('stops with exit 1 when there is nothing to connect to, before touching Kubernetes', async () => {
    const s = sink();
    let asked = false;
    const code = await runDoctor(config({ PIPEOPS_PIPEOPS_API_URL: '' }), s.out, {
      createTarget: () => {
        asked = true;
        return Promise.reject(new Error('not reached'));
      },
    });
    expect(code).to.equal(1);
    expect(asked).to.equal(false);
    expect(s.lines().at(-1)).to.match(/^✘ nothing to connect to: .* — fix: set pipeops\.api_url/);
  });

  it('stops with exit 1 when the token is missing', async () => {
    const s = sink();
    const code = await runDoctor(config({ PIPEOPS_PIPEOPS_TOKEN: '' }), s.out, { env: {} });
    expect(code).to.equal(1);
    expect(s.lines().at(-1)).to.match(/^✘ no PipeOps token — fix: .*PIPEOPS_PIPEOPS_TOKEN/);
  });

  it('reports missing Kubernetes credentials with the fix for the mode', async () => {
    const s = sink();
    const code = await runDoctor(config(), s.out, {
      configFile: '/etc/pipeops/config.yaml',
      warnings: ['a load-time warning'],
      createTarget: () => Promise.reject(new AgentError('CREDENTIALS', 'no Kubernetes credentials: kubeconfig missing')),
    });
    expect(code).to.equal(1);
    expect(s.lines()).to.deep.equal([
      '✔ config valid (/etc/pipeops/config.yaml)',
      '! a load-time warning',
      '✘ Kubernetes credentials: no Kubernetes credentials: kubeconfig missing — fix: set kubernetes.kubeconfig ' +
        '(PIPEOPS_KUBERNETES_KUBECONFIG) to a readable kubeconfig, or kubernetes.in_cluster in a pod',
    ]);
  });

  it('names permissions the way kubectl auth can-i reads them', () => {
    expect(describePermission({ verb: 'get', resource: 'pods', subresource: 'log' })).to.equal('get pods/log');
    expect(describePermission({ verb: 'list', group: 'apps', resource: 'deployments' })).to.equal('list apps/deployments');
    expect(describePermission({ verb: 'get', resource: 'configmaps', namespace: 'ns', name: 'cm' })).to.equal('get configmaps ns/cm');
  });

  describe('checkUpgrade', () => {
    let peer: Peer;
    before(async () => {
      peer = await new Peer({ token: 'unit-token', path: '/ws/agent' }).listen();
    });
    after(async () => {
      await peer.close();
    });

    const endpoint = (token: string) => ({ label: 'control plane', url: new URL(`${peer.url}`), token });

    it('passes when the server selects pipeops.agent.v1 and takes the token', async () => {
      const s = sink();
      expect(await checkUpgrade(endpoint('unit-token'), config().pipeops, new Report(s.out), 2000)).to.equal(true);
      expect(s.lines()[0]).to.match(/^✔ WebSocket ws:\/\/127\.0\.0\.1:\d+\/ws\/agent: upgrade accepted with pipeops\.agent\.v1/);
    });

    it('says "token rejected" on 401 and never prints the token', async () => {
      const s = sink();
      expect(await checkUpgrade(endpoint('stale-token'), config().pipeops, new Report(s.out), 2000)).to.equal(false);
      expect(s.lines()[0]).to.match(/token rejected \(HTTP 401\) — fix: check the PipeOps token/);
      expect(s.lines().join('\n')).not.to.include('stale-token');
    });
  });
});
