// Runs one of the project's build scripts (kube/build.sh, deploy/build-helm.sh):
// progress goes to stderr, the result (a directory or a binary) is the last line
// of stdout. Rejects with `failure(code)` when the script fails.
import { spawn } from 'node:child_process';

export function runBuildScript(script: string, env: NodeJS.ProcessEnv, failure: (code: number | null) => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', (err) => reject(new Error(`cannot run ${script}: ${err.message}`, { cause: err })));
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last !== '') resolve(last);
      else reject(new Error(failure(code)));
    });
  });
}
