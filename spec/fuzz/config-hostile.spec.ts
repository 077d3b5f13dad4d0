// Configuration files built to hurt: a YAML alias bomb, and durations longer
// than a Node timer can hold (which would otherwise fire after 1 ms). Each is a
// configuration error: exit 2, one line naming the key, no stack trace.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function configCheck(content: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-hostile-'));
  try {
    writeFileSync(join(dir, 'c.yaml'), content);
    const r = spawnSync(process.execPath, ['bin/agent.js', 'config', '-c', join(dir, 'c.yaml')], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('fuzz: hostile configuration files', function () {
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
