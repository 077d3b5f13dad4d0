// Starts the test API server outside mocha, for a developer's shell or for the
// lifecycle spec: prints one JSON line (state, agent env, pids, timings) on
// stdout, then runs until stdin closes (clean stop) or a signal arrives.
//
//   ./node_modules/.bin/node testkit/kube/standalone.ts
import { kube } from './harness.ts';

const state = await kube.start();
process.stdout.write(`${JSON.stringify({ state, agentEnv: kube.agentEnv(), pids: kube.pids, timings: kube.timings })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  kube.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
});
