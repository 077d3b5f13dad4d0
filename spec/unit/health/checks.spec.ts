import { expect } from 'chai';
import { liveness, readiness } from '../../../lib/health/checks.ts';

describe('readiness and liveness', () => {
  const runners = { connected: 0, size: 0 };

  it('is ready once registered with the control plane and the API server answers', () => {
    expect(readiness({ controlPlane: { connected: true, registered: true }, runners, apiProblem: undefined })).to.deep.equal({ ok: true, reasons: [] });
  });

  it('says why not, one reason each', () => {
    expect(readiness({ controlPlane: { connected: false, registered: false }, runners, apiProblem: 'API server unreachable' }).reasons).to.deep.equal([
      'not connected to the control plane',
      'API server unreachable',
    ]);
    expect(readiness({ controlPlane: { connected: true, registered: false }, runners, apiProblem: undefined }).reasons).to.deep.equal([
      'connected to the control plane but not registered',
    ]);
  });

  it('without a control plane, needs a connected static Runner', () => {
    expect(readiness({ controlPlane: undefined, runners: { connected: 0, size: 0 }, apiProblem: undefined }).reasons[0]).to.match(/nothing to connect to/);
    expect(readiness({ controlPlane: undefined, runners: { connected: 0, size: 2 }, apiProblem: undefined }).reasons[0]).to.equal('no static runner is connected');
    expect(readiness({ controlPlane: undefined, runners: { connected: 1, size: 2 }, apiProblem: undefined }).ok).to.equal(true);
  });

  it('is live while the event loop p99 delay is at most the bound', () => {
    expect(liveness({ p50: 0.001, p99: 1, max: 3 }, 1).ok).to.equal(true);
    const wedged = liveness({ p50: 0.5, p99: 1.5, max: 3 }, 1);
    expect(wedged.ok).to.equal(false);
    expect(wedged.reasons).to.deep.equal(['event-loop delay p99 1.500s is over 1s']);
  });
});
