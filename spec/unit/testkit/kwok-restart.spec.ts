// The test cluster's recovery from a kwok that never starts its stage
// controllers: the daemons here are shell processes standing in for kwok (a
// kwok that hangs that way cannot be made on purpose), the first of which
// never logs the line and the second logs it at once.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kwokPlayingStages } from '../../../testkit/kube/kwok.ts';
import { ProcessSet } from '../../../testkit/kube/processes.ts';
import { isRunning } from '../../../testkit/proc.ts';

const LINE = '{"level":"INFO","msg":"Start stage controller","ref":{"APIGroup":"v1","Kind":"Node"}}';

describe('test cluster: a kwok that starts no stage controller', () => {
  let set: ProcessSet;

  beforeEach(() => {
    set = new ProcessSet(mkdtempSync(join(tmpdir(), 'pipeops-kwok-restart-')));
  });

  afterEach(async () => {
    await set.stop();
  });

  it('is killed and started again the same way, and the new one leaves the set with only itself', async () => {
    const marker = join(set.dir, 'started-once');
    // The first start leaves a marker and stays silent; a start that finds the marker logs the line.
    const script = `if [ -e ${marker} ]; then echo '${LINE}'; else touch ${marker}; fi; exec sleep 300`;
    const first = set.spawn('kwok', '/bin/sh', ['-c', script], join(set.dir, 'kwok.log'));
    let respawned = 0;
    // The wait per start is what the first one is given to log; a loaded machine may need more than one for the next.
    const playing = await kwokPlayingStages(first, (d) => (respawned++, set.respawn(d)), [], 2_000);
    expect(respawned).to.be.at.least(1);
    expect(playing).not.to.equal(first);
    expect(isRunning(first.child.pid ?? 0)).to.equal(false);
    expect(set.pids.daemons).to.deep.equal([playing.child.pid]);
    expect(readFileSync(playing.logFile, 'utf8')).to.include('Start stage controller');
    expect(existsSync(marker)).to.equal(true);
  });

  it('is left alone when it logs the line', async () => {
    const kwok = set.spawn('kwok', '/bin/sh', ['-c', `echo '${LINE}'; exec sleep 300`], join(set.dir, 'kwok.log'));
    let respawned = 0;
    expect(await kwokPlayingStages(kwok, (d) => (respawned++, set.respawn(d)), [], 30_000)).to.equal(kwok);
    expect(respawned).to.equal(0);
  });

  it('gives up after three starts with the reason', async () => {
    const kwok = set.spawn('kwok', '/bin/sh', ['-c', 'exec sleep 300'], join(set.dir, 'kwok.log'));
    let respawned = 0;
    const failed = await kwokPlayingStages(kwok, (d) => (respawned++, set.respawn(d)), [], 100).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failed?.message).to.match(/kwok to start its node stage controller: not reached within 100 ms/);
    expect(respawned).to.equal(2);
  });
});
