// What the container image holds, assembled without a Docker engine: the
// Dockerfile's context copies plus its `npm ci --omit=dev`, in a temp dir. The
// agent must start from that set with Node 24 (as the base image provides it,
// i.e. from outside the app directory) and write nothing into it, as under
// `docker run --read-only`.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { PROJECT_ROOT, contextCopies, readDockerfile } from '../support/deploy/dockerfile.ts';

const run = promisify(execFile);
const TOKEN = 'pipeops-container-spec-token-7f3a9c';

async function snapshot(dir: string): Promise<Map<string, number>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const result = new Map<string, number>();
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    result.set(path, (await stat(path)).mtimeMs);
  }
  return result;
}

describe('container image contents (Dockerfile without an engine)', function () {
  this.timeout(180_000);
  let app: string;
  let initial: Map<string, number>;

  async function agent(args: string[], env: Record<string, string> = {}) {
    // HOME points nowhere writable: the agent must not need one.
    return run(process.execPath, ['bin/agent.js', ...args], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', NODE_ENV: 'production', ...env },
      timeout: 30_000,
    });
  }

  before(async () => {
    expect(process.versions.node.split('.')[0], 'specs run on the Node 24 the image uses').to.equal('24');
    app = await mkdtemp(join(tmpdir(), 'pipeops-image-'));
    const dockerfile = readDockerfile();
    // Every stage's copies: the deps and build stages' npm ci (its `prepare`) compiles lib/ to dist/ in place.
    for (const source of contextCopies(dockerfile, true)) {
      await cp(join(PROJECT_ROOT, source), join(app, source), { recursive: true });
    }
    const install = dockerfile.stages
      .flatMap((s) => s.instructions)
      .find((i) => i.keyword === 'RUN' && i.args.startsWith('npm ci'));
    expect(install, 'the Dockerfile runs npm ci').to.not.equal(undefined);
    const npmArgs = install!.args.split('&&')[0].trim().split(' ').slice(1);
    await run('npm', npmArgs, { cwd: app, timeout: 150_000 });
    initial = await snapshot(app);
  });

  after(async () => {
    if (app) await rm(app, { recursive: true, force: true });
  });

  it('installs no devDependency', async () => {
    const installed = await readdir(join(app, 'node_modules'));
    for (const dev of ['node', 'typescript', 'mocha', 'eslint', 'chai', 'sinon']) {
      expect(installed, dev).not.to.include(dev);
    }
    expect(installed).to.include.members(['ws', 'undici', 'yaml']);
  });

  it('runs lib/ compiled to dist/lib, current, so no start strips types', async () => {
    const manifest = JSON.parse(await readFile(join(app, 'dist', 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(manifest.files)).to.include('lib/cli.ts');
    await stat(join(app, 'dist', 'lib', 'cli.js'));
  });

  it('prints its version', async () => {
    const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await agent(['--version']);
    expect(stdout).to.include(pkg.version);
  });

  it('loads and prints its configuration from the environment alone, masking the token', async () => {
    const { stdout } = await agent(['config'], {
      PIPEOPS_PIPEOPS_API_URL: 'https://api.example.test',
      PIPEOPS_PIPEOPS_TOKEN: TOKEN,
      PIPEOPS_AGENT_CLUSTER_NAME: 'image-spec-cluster',
      PIPEOPS_KUBERNETES_IN_CLUSTER: 'false',
      PIPEOPS_AGENT_STATE_FILE: join(tmpdir(), 'pipeops-image-state.json'),
    });
    expect(stdout).to.include('image-spec-cluster');
    expect(stdout).to.include('https://api.example.test');
    expect(stdout).not.to.include(TOKEN);
  });

  it('loads the whole agent (every runtime module resolves) and stops at missing Kubernetes credentials', async () => {
    // `run` imports lib/start-agent.ts and with it every module the agent uses; only
    // then does it look for credentials, which this environment lacks on purpose.
    const result = await agent([], {
      PIPEOPS_PIPEOPS_API_URL: 'https://127.0.0.1:1',
      PIPEOPS_PIPEOPS_TOKEN: TOKEN,
      PIPEOPS_KUBERNETES_KUBECONFIG: join(tmpdir(), 'pipeops-image-no-kubeconfig'),
      PIPEOPS_AGENT_STATE_FILE: join(tmpdir(), 'pipeops-image-state.json'),
    }).then(
      () => ({ code: 0, output: '' }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code, output: `${err.stdout}${err.stderr}` }),
    );
    expect(result.code).to.equal(1);
    expect(result.output).to.include('"code":"CREDENTIALS"');
    expect(result.output).not.to.include('ERR_MODULE_NOT_FOUND');
    expect(result.output).not.to.include(TOKEN);
  });

  it('wrote nothing into the application directory', async () => {
    const now = await snapshot(app);
    const changed = [...now].filter(([path, mtime]) => initial.get(path) !== mtime).map(([path]) => path);
    expect(changed).to.deep.equal([]);
  });
});
