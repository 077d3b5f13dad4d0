// Mocha global fixtures: one real API server for the whole run of a tier.
// Loaded with `mocha --require spec/support/kube/hooks.ts` by the integration
// and end-to-end scripts. Start-up failures fail the run; nothing is skipped.
import { kube } from './harness.ts';

export async function mochaGlobalSetup(): Promise<void> {
  await kube.start();
  const t = kube.timings;
  if (t !== undefined) {
    const s = (ms: number): string => (ms / 1000).toFixed(2);
    process.stderr.write(
      `[kube] API server ${kube.server} ready in ${s(t.totalMs)}s ` +
        `(binaries ${s(t.assetsMs)}s, start to /readyz ${s(t.readyMs)}s, provisioning ${s(t.provisionMs)}s)\n`,
    );
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  await kube.stop();
}
