// The control plane restarts on the same port: the agent process redials,
// registers again with the same identity, is ready again, and kubectl keeps
// working through the Runner.
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { E2eStack, type E2eAgent } from '../support/e2e/stack.ts';

describe('a control-plane restart', function () {
  let stack: E2eStack;
  let agent: E2eAgent;

  before(async function () {
    stack = await E2eStack.start();
    agent = await stack.startAgent('restart');
  });

  after(async function () {
    await stack?.close();
  });

  async function ready(): Promise<number> {
    const res = await fetch(`${agent.process.healthUrl}/ready`);
    await res.arrayBuffer();
    return res.status;
  }

  it('is followed by a new register, /ready 200 again and working kubectl', async function () {
    const before = await stack.controlPlane.waitForRegister({ agentId: 'e2e-restart' });
    const port = stack.controlPlane.port;

    await stack.restartControlPlane();
    expect(stack.controlPlane.port).to.equal(port);
    expect(stack.controlPlane.agents()).to.deep.equal([]);

    const again = await stack.controlPlane.waitForRegister({ agentId: 'e2e-restart', timeoutMs: 20_000 });
    // Same agent, same cluster: the identity survived in the agent's state store.
    expect(again.clusterId).to.equal(before.clusterId);
    expect(again.register.cluster_id).to.equal(before.clusterId);
    await agent.process.waitReady(10_000);
    await stack.controlPlane.waitForHeartbeat({ agentId: 'e2e-restart', timeoutMs: 10_000 });

    const res = await stack.viaTunnel(['get', 'namespaces', 'default', '-o', 'name']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.equal('namespace/default\n');
  });

  it('while it is down, the agent is not ready but its Runner socket still serves kubectl', async function () {
    await stack.stopControlPlane();
    const deadline = performance.now() + 10_000;
    while ((await ready()) === 200 && performance.now() < deadline) await delay(50);
    expect(await ready()).to.equal(503);

    const res = await stack.viaTunnel(['get', 'namespaces', 'default', '-o', 'name']);
    expect(res.code, res.stderr).to.equal(0);

    await stack.startControlPlane();
    await stack.waitConnected(agent, 20_000);
  });
});
