// freePort: ports below the ephemeral range, free when picked, and never the
// same one twice in a process: a port picked earlier may have no listener yet
// (a cluster's five ports are picked before any daemon starts).
import { expect } from 'chai';
import { freePort } from '../../../testkit/kube/processes.ts';

describe('freePort', () => {
  it('hands out distinct ports, each below the ephemeral range, though none of them is listened on', async () => {
    // 600 random picks from 12,000 ports would repeat one with a probability of 1 - e^-15 without the bookkeeping.
    const ports: number[] = [];
    for (let i = 0; i < 600; i++) ports.push(await freePort());
    expect(new Set(ports).size).to.equal(ports.length);
    expect(ports.every((p) => p >= 20_000 && p < 32_000)).to.equal(true);
  });
});
