#!/usr/bin/env node
// Entry point. Everything lives in lib/ (TypeScript). `npm ci` compiles it once to
// dist/lib (scripts/build.js); that copy runs while it matches lib/, else lib/ runs
// by Node's type stripping, which costs every start ~18 MiB and 0.1-0.2 s of CPU.
import { readFileSync, statSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `pipeops-agent needs Node.js >= 22.18 (found ${process.versions.node}); ` +
      'run it through npm (`npm start`) or with ./node_modules/.bin/node, which the project installs.\n',
  );
  process.exit(1);
}

const root = new URL('../', import.meta.url);
const lib = compiledIsCurrent() ? '../dist/lib/' : '../lib/';
const ext = lib === '../lib/' ? 'ts' : 'js';

/** True when dist/manifest.json lists every source with the size and mtime it still has. */
function compiledIsCurrent() {
  try {
    const { files } = JSON.parse(readFileSync(new URL('dist/manifest.json', root), 'utf8'));
    for (const [file, [size, mtimeMs]] of Object.entries(files)) {
      const stat = statSync(new URL(file, root));
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}

// A small (4 MB) young generation: streaming turns over hundreds of MB of short-lived
// buffers a second, and V8 would otherwise grow new space to its maximum and
// keep it (about 50 MB more RSS under load). The flag only works at start-up, so
// the agent re-executes itself with it once, in place (same pid), unless it is
// already given on the command line or in NODE_OPTIONS. Only `run` does: the short
// commands (`health` is a probe every few seconds) would pay a second start of Node.
const SEMI_SPACE = '--max-semi-space-size';
const argv = process.argv.slice(2);
if (
  typeof process.execve === 'function' &&
  !process.execArgv.some((a) => a.startsWith(SEMI_SPACE)) &&
  !(process.env.NODE_OPTIONS ?? '').includes(SEMI_SPACE) &&
  (await import(`${lib}config/args.${ext}`)).isLongRunning(argv)
) {
  process.execve(process.execPath, [process.execPath, `${SEMI_SPACE}=4`, ...process.execArgv, ...process.argv.slice(1)], process.env);
}
const { main } = await import(`${lib}cli.${ext}`);
process.exitCode = await main(argv);
