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
const { main } = await import('../lib/cli.ts');
process.exitCode = await main(process.argv.slice(2));
