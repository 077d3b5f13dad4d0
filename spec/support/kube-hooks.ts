// Mocha global fixtures: one real test cluster for the whole run of a tier.
// Loaded with `mocha --require spec/support/kube-hooks.ts` by the integration
// and end-to-end scripts. Start-up failures fail the run; nothing is skipped.
import { kube } from '../../testkit/kube/harness.ts';

export async function mochaGlobalSetup(): Promise<void> {
  await kube.start();
  const t = kube.timings;
  if (t !== undefined) {
    const s = (ms: number): string => (ms / 1000).toFixed(2);
    process.stderr.write(
      `[kube] cluster ${kube.server} (${kube.nodes.length} kwok nodes) ready in ${s(t.totalMs)}s ` +
        `(binaries ${s(t.assetsMs)}s, etcd ${s(t.etcdMs)}s, start to /readyz ${s(t.readyMs)}s; then in parallel: ` +
        `kwok rules ${s(t.kwokRulesMs)}s, nodes Ready ${s(t.nodesReadyMs)}s, provisioning and default ServiceAccount ${s(t.provisionMs)}s)\n`,
    );
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  await kube.stop();
}
