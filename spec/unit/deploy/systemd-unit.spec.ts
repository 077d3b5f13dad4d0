// The shipped systemd unit: parsed as systemd reads it (sections, repeated
// keys, line continuations) and checked for the settings docs/deployment.md
// promises. systemd-analyze itself runs over it in spec/integration/deploy-systemd.spec.ts.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';

const UNIT = new URL('../../../examples/systemd/pipeops-agent.service', import.meta.url);

type Unit = Map<string, Map<string, string[]>>;

function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1], section);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !section) throw new Error(`not a unit-file line: ${line}`);
    const key = line.slice(0, eq).trim();
    const values = section.get(key) ?? [];
    values.push(line.slice(eq + 1).trim());
    section.set(key, values);
  }
  return unit;
}

describe('examples/systemd/pipeops-agent.service', () => {
  const unit = parseUnit(readFileSync(UNIT, 'utf8'));
  const service = unit.get('Service') ?? new Map<string, string[]>();
  const last = (key: string): string | undefined => service.get(key)?.at(-1);

  it('has the Unit, Service and Install sections', () => {
    expect([...unit.keys()]).to.deep.equal(['Unit', 'Service', 'Install']);
    expect(unit.get('Install')?.get('WantedBy')).to.deep.equal(['multi-user.target']);
  });

  it("runs bin/agent.js with the checkout's Node 24 and the config file", () => {
    expect(last('ExecStart')).to.equal(
      '/opt/pipeops-agent/node_modules/.bin/node /opt/pipeops-agent/bin/agent.js --config /etc/pipeops/config.yaml',
    );
  });

  it('restarts forever with a growing delay', () => {
    expect(last('Restart')).to.equal('always');
    expect(last('RestartSec')).to.match(/^\d+s$/);
    expect(last('RestartSteps')).to.match(/^\d+$/);
    expect(last('RestartMaxDelaySec')).to.match(/^\d+(s|min)$/);
    expect(unit.get('Unit')?.get('StartLimitIntervalSec')).to.deep.equal(['0']);
  });

  it('passes the token as a credential from a root-only file, never in the environment', () => {
    expect(service.get('LoadCredential')).to.include('pipeops-token:/etc/pipeops/token');
    const env = (service.get('Environment') ?? []).join('\n');
    expect(env).not.to.match(/PIPEOPS_PIPEOPS_TOKEN/);
    expect(service.has('EnvironmentFile')).to.equal(false);
  });

  it('points the kubeconfig at its credential and keeps identity in the state directory', () => {
    expect(service.get('LoadCredential')).to.include('kubeconfig:/etc/pipeops/kubeconfig');
    expect(service.get('Environment')).to.include.members([
      'PIPEOPS_KUBERNETES_KUBECONFIG=%d/kubeconfig',
      'PIPEOPS_AGENT_STATE_FILE=/var/lib/pipeops-agent/state.json',
    ]);
    expect(last('StateDirectory')).to.equal('pipeops-agent');
  });

  it('runs as an unprivileged dedicated user', () => {
    expect(last('DynamicUser')).to.equal('yes');
    expect(service.has('User')).to.equal(false);
    expect(last('CapabilityBoundingSet')).to.equal('');
    expect(last('AmbientCapabilities')).to.equal('');
    expect(last('NoNewPrivileges')).to.equal('yes');
  });

  const hardening: Record<string, string> = {
    ProtectSystem: 'strict',
    ProtectHome: 'yes',
    PrivateTmp: 'yes',
    PrivateDevices: 'yes',
    ProtectKernelTunables: 'yes',
    ProtectKernelModules: 'yes',
    ProtectKernelLogs: 'yes',
    ProtectControlGroups: 'yes',
    ProtectClock: 'yes',
    ProtectHostname: 'yes',
    LockPersonality: 'yes',
    RestrictNamespaces: 'yes',
    RestrictRealtime: 'yes',
    RestrictSUIDSGID: 'yes',
    SystemCallArchitectures: 'native',
    RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
  };
  for (const [key, value] of Object.entries(hardening)) {
    it(`sets ${key}=${value}`, () => {
      expect(last(key)).to.equal(value);
    });
  }

  it('allows only the system-service syscall set', () => {
    expect(service.get('SystemCallFilter')?.[0]).to.equal('@system-service');
  });

  it('leaves MemoryDenyWriteExecute off, with the reason beside it, because V8 JIT-compiles', () => {
    expect(last('MemoryDenyWriteExecute')).to.equal('no');
    const text = readFileSync(UNIT, 'utf8');
    const before = text.slice(0, text.indexOf('MemoryDenyWriteExecute=no'));
    expect(before.split('\n').slice(-5).join('\n')).to.match(/JIT/);
  });
});
