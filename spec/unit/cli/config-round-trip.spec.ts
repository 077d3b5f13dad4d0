// `config` as a new operator uses it: its output read back as a configuration file, the shipped example, and the
// environment overriding a file's token_file (flags > environment > file, for the token as for every key).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NODE = './node_modules/.bin/node';

function agent(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIPEOPS_') && k !== 'CREDENTIALS_DIRECTORY'));
  const r = spawnSync(NODE, ['bin/agent.js', ...args], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pipeops-agent config (round trip)', function () {
  this.timeout(30_000);
  let dir: string;
  let tokenFile: string;
  let runnerTokenFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeops-config-rt-'));
    tokenFile = join(dir, 'token');
    runnerTokenFile = join(dir, 'runner.token');
    writeFileSync(tokenFile, 'file-token-7d1e\n');
    writeFileSync(runnerTokenFile, 'runner-token-55aa\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a token read from token_file as the file alone, and the output reads back to the same configuration', () => {
    const file = join(dir, 'in.yaml');
    writeFileSync(
      file,
      `pipeops:\n  api_url: https://api.example.test\n  token_file: ${JSON.stringify(tokenFile)}\nrunners:\n  - url: wss://runner.example.test/ws\n    token_file: ${JSON.stringify(runnerTokenFile)}\n`,
    );
    const first = agent(['config', '--config', file]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).not.to.include('***');
    expect(first.stdout).not.to.include('file-token-7d1e');
    expect(first.stdout).not.to.include('runner-token-55aa');
    const printed = join(dir, 'printed.yaml');
    writeFileSync(printed, first.stdout);
    const second = agent(['config', '--config', printed]);
    expect(second.code, second.stderr).to.equal(0);
    // The same configuration, only the source comments differ.
    const strip = (text: string): string[] =>
      text
        .split('\n')
        .map((line) => line.replace(/ #.*$/, ''))
        .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    expect(strip(second.stdout)).to.deep.equal(strip(first.stdout));
  });

  it('runs on the shipped examples/config.yaml, whose token files do not exist here, with a warning', () => {
    const r = agent(['config', '--config', 'examples/config.yaml']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^warning: pipeops\.token_file: .* cannot be read/m);
    expect(r.stdout).to.include('token_file: /etc/pipeops/token');
  });

  it('still refuses to run without the token file', () => {
    const file = join(dir, 'in.yaml');
    writeFileSync(file, `pipeops:\n  api_url: https://api.example.test\n  token_file: ${JSON.stringify(join(dir, 'missing'))}\n`);
    const r = agent(['run', '--config', file]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^pipeops\.token_file: .*missing.* cannot be read/m);
  });

  it('lets PIPEOPS_PIPEOPS_TOKEN override a token_file from the file', () => {
    const file = join(dir, 'in.yaml');
    writeFileSync(file, `pipeops:\n  api_url: https://api.example.test\n  token_file: ${JSON.stringify(join(dir, 'missing'))}\n`);
    const r = agent(['config', '--config', file], { PIPEOPS_PIPEOPS_TOKEN: 'env-token-9c' });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.match(/token: "\*\*\*" # env PIPEOPS_PIPEOPS_TOKEN/);
    expect(r.stdout).to.match(/token_file: "" # env PIPEOPS_PIPEOPS_TOKEN/);
  });

  it('lets PIPEOPS_PIPEOPS_TOKEN_FILE override a token from the file', () => {
    const file = join(dir, 'in.yaml');
    writeFileSync(file, `pipeops:\n  api_url: https://api.example.test\n  token: inline-token-31\n`);
    const r = agent(['config', '--config', file], { PIPEOPS_PIPEOPS_TOKEN_FILE: tokenFile });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`token_file: ${tokenFile} # env PIPEOPS_PIPEOPS_TOKEN_FILE`);
    expect(r.stdout).not.to.include('inline-token-31');
  });

  it('still refuses token and token_file set at the same level', () => {
    const file = join(dir, 'in.yaml');
    writeFileSync(file, `pipeops:\n  token: inline\n  token_file: ${JSON.stringify(tokenFile)}\n`);
    const r = agent(['config', '--config', file]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('must not be set together with pipeops.token');
  });
});
