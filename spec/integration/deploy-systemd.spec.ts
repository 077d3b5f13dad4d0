// systemd's own checks over the shipped unit: `systemd-analyze verify` (syntax,
// every key known, ExecStart executable) and `systemd-analyze security` (the
// exposure score). The tool comes with Debian's `systemd` package.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const UNIT = join(ROOT, 'examples/systemd/pipeops-agent.service');
// Keys from systemd 254; older versions warn about them and ignore them.
const NEWER_KEYS = ['RestartSteps', 'RestartMaxDelaySec'];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function analyze(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run('systemd-analyze', args, { env: { ...process.env, SYSTEMD_COLORS: '0' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('systemd-analyze is not installed: apt-get install systemd', { cause: err });
    }
    return { code: Number(e.code), stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('examples/systemd/pipeops-agent.service under systemd-analyze', function () {
  this.timeout(30_000);
  let dir: string;
  let unitPath: string;
  let systemdVersion: number;

  before(async () => {
    const { stdout } = await analyze(['--version']);
    systemdVersion = Number(/systemd (\d+)/.exec(stdout)?.[1]);
    // verify checks that ExecStart exists, so the unit is pointed at this
    // checkout (where node_modules/.bin/node is real) instead of /opt.
    dir = await mkdtemp(join(tmpdir(), 'pipeops-unit-'));
    unitPath = join(dir, 'pipeops-agent.service');
    const text = await readFile(UNIT, 'utf8');
    await writeFile(unitPath, text.replaceAll('/opt/pipeops-agent', ROOT));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes systemd-analyze verify', async () => {
    const result = await analyze(['verify', '--man=no', unitPath]);
    const problems = result.stderr
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => {
        const unknown = /Unknown key '(\w+)'/.exec(line)?.[1];
        return !(unknown && NEWER_KEYS.includes(unknown) && systemdVersion < 254);
      });
    expect(problems, `systemd ${systemdVersion}`).to.deep.equal([]);
    expect(result.code).to.equal(0);
  });

  it('is rated at most 2.0 by systemd-analyze security', async () => {
    const result = await analyze(['security', '--offline=yes', '--no-pager', unitPath]);
    const score = Number(/Overall exposure level for .*: (\d+\.\d+)/.exec(result.stdout)?.[1]);
    expect(score, result.stdout.slice(-400)).to.be.a('number').and.at.most(2.0);
  });
});
