// Preload (node --import) that records every module the process loads, for
// spec/unit/cli/loaded-modules.spec.ts: at exit it writes one URL per line to
// the file named by PIPEOPS_RECORD_MODULES. Node's built-ins are left out.
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';

const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    if (!result.url.startsWith('node:')) seen.add(result.url);
    return result;
  },
});
process.on('exit', () => writeFileSync(process.env.PIPEOPS_RECORD_MODULES, [...seen].join('\n') + '\n'));
