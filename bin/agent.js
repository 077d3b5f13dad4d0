#!/usr/bin/env node
// Entry point. Everything lives in lib/ (TypeScript, run by Node's type stripping).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `pipeops-agent needs Node.js >= 22.18 (found ${process.versions.node}); ` +
      'run it through npm (`npm start`) or with ./node_modules/.bin/node, which the project installs.\n',
  );
  process.exit(1);
}
// A small (4 MB) young generation: streaming turns over hundreds of MB of short-lived
// buffers a second, and V8 would otherwise grow new space to its maximum and
// keep it (about 50 MB more RSS under load). The flag only works at start-up, so
// the agent re-executes itself with it once, in place (same pid), unless it is
// already given on the command line or in NODE_OPTIONS.
const SEMI_SPACE = '--max-semi-space-size';
if (
  typeof process.execve === 'function' &&
  !process.execArgv.some((a) => a.startsWith(SEMI_SPACE)) &&
  !(process.env.NODE_OPTIONS ?? '').includes(SEMI_SPACE)
) {
  process.execve(process.execPath, [process.execPath, `${SEMI_SPACE}=4`, ...process.execArgv, ...process.argv.slice(1)], process.env);
}
const { main } = await import('../lib/cli.ts');
process.exitCode = await main(process.argv.slice(2));
