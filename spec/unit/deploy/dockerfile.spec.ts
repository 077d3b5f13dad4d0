// The Dockerfile and its build context, checked without a Docker engine: base
// image, user, entrypoint, health check, what gets copied, and that every
// package the runtime imports is a production dependency (the image installs
// only those). spec/integration/deploy-container.spec.ts runs the result.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import {
  PROJECT_ROOT,
  contextCopies,
  contextIncludes,
  execForm,
  parseDockerfile,
  readDockerfile,
} from '../../support/deploy/dockerfile.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Bare package names a file loads at run time (type-only imports are erased). */
function runtimePackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*export\s+(?!type\s)[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
}

describe('Dockerfile', () => {
  const dockerfile = readDockerfile();
  const final = dockerfile.stages.at(-1)!;
  const find = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);

  describe('parseDockerfile', () => {
    it('resolves ARG defaults in FROM and splits flags off', () => {
      const parsed = parseDockerfile('ARG BASE=node:24-slim\nFROM ${BASE} AS deps\nCOPY --from=deps \\\n  a b\n');
      expect(parsed.stages[0]).to.deep.include({ from: 'node:24-slim', name: 'deps' });
      expect(parsed.stages[0].instructions[0]).to.deep.equal({ keyword: 'COPY', args: 'a b', flags: { from: 'deps' } });
    });
  });

  it('builds every stage on node:24-slim', () => {
    expect(dockerfile.stages.length).to.be.at.least(2);
    for (const stage of dockerfile.stages) expect(stage.from).to.equal('node:24-slim');
  });

  it('installs only production dependencies, from the lockfile', () => {
    const runs = dockerfile.stages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN');
    expect(runs.map((r) => r.args).join('\n')).to.match(/npm ci --omit=dev/);
    expect(runs.map((r) => r.args).join('\n')).not.to.match(/npm (install|i) /);
  });

  it('runs as the numeric non-root user 10001', () => {
    expect(find('USER').at(-1)?.args).to.equal('10001:10001');
  });

  it('starts bin/agent.js in exec form and checks health with the health command', () => {
    expect(execForm(find('ENTRYPOINT').at(-1)?.args ?? '')).to.deep.equal(['node', 'bin/agent.js']);
    const healthcheck = find('HEALTHCHECK').at(-1);
    expect(healthcheck?.args).to.match(/^CMD /);
    expect(execForm(healthcheck?.args.replace(/^CMD /, '') ?? '')).to.deep.equal(['node', 'bin/agent.js', 'health']);
  });

  it('exposes no port and adds nothing from URLs', () => {
    expect(find('EXPOSE')).to.deep.equal([]);
    expect(dockerfile.stages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'ADD')).to.deep.equal([]);
  });

  it('keeps the identity file in a volume the user owns', () => {
    const env = find('ENV').map((i) => i.args).join(' ');
    expect(env).to.include('PIPEOPS_AGENT_STATE_FILE=/var/lib/pipeops-agent/state.json');
    expect(find('VOLUME').map((i) => i.args)).to.deep.equal(['["/var/lib/pipeops-agent"]']);
    expect(find('RUN').map((i) => i.args).join('\n')).to.match(/chown 10001:10001 \/var\/lib\/pipeops-agent/);
  });

  it('copies the runtime files from the build context, each present and not ignored', () => {
    const copies = contextCopies(dockerfile);
    expect(copies).to.include.members(['package.json', 'package-lock.json', 'bin', 'lib', 'schemas']);
    for (const source of copies) {
      expect(existsSync(join(PROJECT_ROOT, source)), `${source} exists`).to.equal(true);
      expect(contextIncludes(source), `${source} is in the build context`).to.equal(true);
    }
  });

  it('leaves secrets, local config, node_modules and tests out of the build context', () => {
    for (const path of ['node_modules', 'spec', 'config.yaml', 'token', '.git', '.env', 'kubeconfig', 'docs']) {
      expect(contextIncludes(path), path).to.equal(false);
    }
  });

  it('needs no devDependency at run time', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const production = new Set(Object.keys(pkg.dependencies ?? {}));
    const missing: string[] = [];
    for (const dir of ['bin', 'lib']) {
      for (const file of sourceFiles(join(PROJECT_ROOT, dir))) {
        for (const name of runtimePackages(file)) {
          if (!production.has(name)) missing.push(`${relative(PROJECT_ROOT, file)} imports ${name}`);
        }
      }
    }
    expect(missing).to.deep.equal([]);
  });
});
