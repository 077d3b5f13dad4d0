// Config cases that fail today; the fix is in /tmp/fault-patches (lib/config/load.ts).
// Not matched by the test:fuzz glob: run `npx mocha spec/fuzz/known-bugs.ts`, and move
// these cases into config-files.spec.ts once the fix lands.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function configCheck(content: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-known-'));
  try {
    writeFileSync(join(dir, 'c.yaml'), content);
    const r = spawnSync(process.execPath, ['bin/agent.js', 'config', '-c', join(dir, 'c.yaml')], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('known bugs: configuration files', function () {
  this.timeout(30_000);

  it('refuses a YAML alias bomb with exit 2 and one line, no stack trace', () => {
    const r = configCheck('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n');
    expect(r.status).to.equal(2);
    expect(r.stderr).to.not.match(/^\s+at /m);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
  });

  for (const [key, value] of [['pipeops.timeout', '720h'], ['proxy.request_timeout', '99999999999999999999h'], ['pipeops.ping_interval', '2147484s']]) {
    it(`refuses ${key}: ${value}, longer than a Node timer can hold`, () => {
      const [section, name] = key.split('.');
      const r = configCheck(`${section}:\n  ${name}: ${value}\n`);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(new RegExp(`^${key.replace('.', '\\.')}: .*must be at most`, 'm'));
    });
  }
});
