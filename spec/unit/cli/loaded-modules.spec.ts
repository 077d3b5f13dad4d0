// `config`, `health`, `--help` and `--version` load nothing of the agent: `health` is a Kubernetes exec probe, run
// every few seconds, and paid for with a whole start of Node each time. bin/agent.js runs in a child process with
// spec/support/record-modules.js preloaded, which records every module resolved; the list is then checked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';

const ROOT = pathToFileURL(join(import.meta.dirname, '..', '..', '..')).href + '/';
/** What a short command may load: the CLI, configuration loading, errors and the version. */
const ALLOWED = /^(bin\/agent\.js|package\.json|schemas\/config\.schema\.json|(dist\/)?lib\/(cli|errors|version)\.(ts|js)|(dist\/)?lib\/config\/[a-z.-]+\.(ts|js)|(dist\/)?lib\/protocol\/ucs2length\.(ts|js))$/;

describe('modules loaded by the short commands', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeops-modules-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function loaded(args: string[], name: string): string[] {
    const record = join(dir, `${name}.txt`);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIPEOPS_') && k !== 'NODE_OPTIONS'));
    spawnSync('./node_modules/.bin/node', ['--import', './spec/support/record-modules.js', 'bin/agent.js', ...args], {
      env: { ...clean, PIPEOPS_RECORD_MODULES: record, PIPEOPS_AGENT_PORT: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return readFileSync(record, 'utf8')
      .split('\n')
      .filter((u) => u !== '' && !u.endsWith('/spec/support/record-modules.js'))
      .map((u) => (u.startsWith(ROOT) ? u.slice(ROOT.length) : u));
  }

  const configFile = (): string => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'agent:\n  port: 1\n');
    return file;
  };

  for (const [name, args] of [
    ['--help', ['--help']],
    ['--version', ['--version']],
    ['health', ['health']],
  ] as const) {
    it(`${name} loads only the CLI and configuration modules, no dependency`, () => {
      const modules = loaded([...args], name.replace(/-/g, ''));
      expect(modules).to.include('bin/agent.js');
      expect(modules.filter((m) => !ALLOWED.test(m))).to.deep.equal([]);
    });
  }

  it('config adds only the YAML library, which prints its output', () => {
    const modules = loaded(['config'], 'config');
    expect(modules.filter((m) => !ALLOWED.test(m) && !m.startsWith('node_modules/yaml/'))).to.deep.equal([]);
  });

  it('health with a configuration file adds only the YAML parser', () => {
    const modules = loaded(['health', '--config', configFile()], 'health-file');
    expect(modules.some((m) => m.startsWith('node_modules/yaml/'))).to.equal(true);
    expect(modules.filter((m) => !ALLOWED.test(m) && !m.startsWith('node_modules/yaml/'))).to.deep.equal([]);
  });

  it('would notice the agent being loaded: run resolves ws and the session', () => {
    const started = loaded(['run', '--set', 'pipeops.api_url=https://127.0.0.1:1', '--set', 'pipeops.token=t', '--set', 'kubernetes.kubeconfig=/nonexistent'], 'run-started');
    expect(started.some((m) => m.includes('node_modules/ws/'))).to.equal(true);
    expect(started.some((m) => /lib\/control-plane\/session\.(ts|js)$/.test(m))).to.equal(true);
  });
});
