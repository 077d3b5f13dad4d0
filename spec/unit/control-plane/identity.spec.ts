import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIdentityStore, loadIdentity, userStateFile } from '../../../lib/control-plane/identity.ts';
import type { IdentityStore, StoredIdentity } from '../../../lib/control-plane/stored-identity.ts';
import type { AgentConfig } from '../../../lib/config/types.ts';
import type { KubeTarget } from '../../../lib/kube/target.ts';
import { logSink } from '../../support/log-sink.ts';
import { testConfig } from '../../support/test-config.ts';

const vmTarget = { mode: 'kubeconfig', namespace: 'default' } as KubeTarget;

describe('agent identity', () => {
  let dir: string;
  let config: AgentConfig['agent'];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'identity-'));
    config = { ...testConfig().agent, state_file: join(dir, 'state', 'state.json'), state_store: 'auto' };
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('FileIdentityStore', () => {
    it('writes JSON with mode 0600 through a temporary file, leaving no temporary behind', async () => {
      const store = new FileIdentityStore(join(dir, 'a', 'b', 'state.json'));
      await store.save({ agent_id: 'x', cluster_id: 'y' });
      const file = join(dir, 'a', 'b', 'state.json');
      expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({ agent_id: 'x', cluster_id: 'y' });
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect(statSync(join(dir, 'a', 'b')).mode & 0o777).to.equal(0o700);
      expect(readdirSync(join(dir, 'a', 'b'))).to.deep.equal(['state.json']);
      expect(await store.load()).to.deep.equal({ agent_id: 'x', cluster_id: 'y' });
    });

    it('loads nothing from a missing file and refuses a file that is not a JSON object', async () => {
      expect(await new FileIdentityStore(join(dir, 'none.json')).load()).to.equal(undefined);
      writeFileSync(join(dir, 'bad.json'), '[1]');
      let err: Error | undefined;
      await new FileIdentityStore(join(dir, 'bad.json')).load().catch((e: unknown) => (err = e as Error));
      expect(err?.message).to.match(/not hold a JSON object/);
    });
  });

  describe('loadIdentity', () => {
    it('generates an agent_id once, persists it, and loads the same one on the next start', async () => {
      const first = await loadIdentity({ config, target: vmTarget, logger: logSink().logger });
      expect(first.source).to.equal('generated');
      expect(first.agentId).to.match(/^[0-9a-f-]{36}$/);
      expect(first.store?.where).to.equal(config.state_file);
      const second = await loadIdentity({ config, target: vmTarget, logger: logSink().logger });
      expect(second.source).to.equal('stored');
      expect(second.agentId).to.equal(first.agentId);
    });

    it('persists the cluster_id and offers it after a restart', async () => {
      const first = await loadIdentity({ config, target: vmTarget, logger: logSink().logger });
      expect(first.clusterId).to.equal('');
      await first.setClusterId('cluster-7');
      const second = await loadIdentity({ config, target: vmTarget, logger: logSink().logger });
      expect(second.clusterId).to.equal('cluster-7');
      expect(JSON.parse(readFileSync(config.state_file, 'utf8'))).to.deep.equal({ agent_id: first.agentId, cluster_id: 'cluster-7' });
    });

    it('prefers agent.id from the configuration and stores it', async () => {
      const identity = await loadIdentity({ config: { ...config, id: 'configured-id' }, target: vmTarget, logger: logSink().logger });
      expect(identity.source).to.equal('config');
      expect(identity.agentId).to.equal('configured-id');
      expect((JSON.parse(readFileSync(config.state_file, 'utf8')) as StoredIdentity).agent_id).to.equal('configured-id');
    });

    it('falls back to $XDG_STATE_HOME when the built-in state file cannot be written', async () => {
      writeFileSync(join(dir, 'not-a-dir'), '');
      const builtIn = join(dir, 'not-a-dir', 'state.json');
      const env = { XDG_STATE_HOME: join(dir, 'xdg') };
      const sink = logSink();
      const identity = await loadIdentity({ config: { ...config, state_file: builtIn }, target: vmTarget, logger: sink.logger, env, defaultStateFile: builtIn });
      expect(identity.store?.where).to.equal(join(dir, 'xdg', 'pipeops-agent', 'state.json'));
      expect(userStateFile(env)).to.equal(identity.store?.where);
      expect(sink.find('cannot write the state store')).to.have.length(1);
      const again = await loadIdentity({ config: { ...config, state_file: builtIn }, target: vmTarget, logger: logSink().logger, env, defaultStateFile: builtIn });
      expect(again.agentId).to.equal(identity.agentId);
    });

    it('does not fall back for a state file the operator chose, and says the id is not persisted', async () => {
      writeFileSync(join(dir, 'not-a-dir'), '');
      const chosen = join(dir, 'not-a-dir', 'state.json');
      const sink = logSink();
      const identity = await loadIdentity({
        config: { ...config, state_file: chosen },
        target: vmTarget,
        logger: sink.logger,
        env: { XDG_STATE_HOME: join(dir, 'xdg') },
        defaultStateFile: '/var/lib/pipeops-agent/state.json',
      });
      expect(identity.store).to.equal(undefined);
      expect(sink.find('not persisted')).to.have.length(1);
      await identity.setClusterId('c'); // never throws
      expect(identity.clusterId).to.equal('c');
    });

    it('uses a ConfigMap store in a cluster under state_store auto', async () => {
      const saved: StoredIdentity[] = [];
      const inCluster = { mode: 'in-cluster', namespace: 'ns', dispatcher: {}, authHeaders: () => ({}) } as unknown as KubeTarget;
      const identity = await loadIdentity({ config, target: inCluster, logger: logSink().logger });
      // the fake dispatcher cannot answer: the store is named but not writable
      expect(identity.store).to.equal(undefined);
      const memory: IdentityStore = {
        where: 'memory',
        load: () => Promise.resolve(saved.at(-1)),
        save: (i) => {
          saved.push(i);
          return Promise.resolve();
        },
      };
      const viaStore = await loadIdentity({ config, target: inCluster, logger: logSink().logger, store: memory });
      await viaStore.setClusterId('c-1');
      await viaStore.setClusterId('c-1');
      expect(saved).to.deep.equal([
        { agent_id: viaStore.agentId, cluster_id: '' },
        { agent_id: viaStore.agentId, cluster_id: 'c-1' },
      ]);
    });

    it('logs the store it tried for a ConfigMap in a cluster', async () => {
      const sink = logSink();
      const inCluster = { mode: 'in-cluster', namespace: 'ns', dispatcher: {}, authHeaders: () => ({}) } as unknown as KubeTarget;
      await loadIdentity({ config, target: inCluster, logger: sink.logger });
      expect(sink.find('cannot read the state store')[0].store).to.equal('configmap ns/pipeops-agent-state');
    });
  });
});
