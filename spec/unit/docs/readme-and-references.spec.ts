// The project's docs stand alone: the README lists every flag the CLI has, and nothing points at a PROTOCOL.md the
// project does not ship (the wire contract is docs/protocol.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { USAGE } from '../../../lib/cli.ts';
import { PROJECT_ROOT } from '../../support/deploy/dockerfile.ts';

const SKIP = new Set(['node_modules', 'dist', '.git', 'coverage']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name) || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? files(path) : /\.(md|ts|js|ya?ml|json)$/.test(e.name) ? [path] : [];
  });
}

describe('README and references', () => {
  it('the README names every flag of --help', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const flags = [...new Set([...USAGE.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))];
    expect(flags).to.include('--set');
    for (const flag of flags) expect(readme, flag).to.include(`\`${flag}`);
  });

  it('no file points at a PROTOCOL.md: the protocol is docs/protocol.md', () => {
    const offenders = files(PROJECT_ROOT)
      .filter((f) => !f.endsWith('readme-and-references.spec.ts'))
      .filter((f) => /PROTOCOL\.md/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(PROJECT_ROOT, f));
    expect(offenders).to.deep.equal([]);
  });
});
