import { expect } from 'chai';
import { heartbeatPayload, type HeartbeatSources } from '../../../lib/control-plane/heartbeat.ts';

function sources(cluster: HeartbeatSources['cluster']): HeartbeatSources {
  return {
    identity: { agentId: 'a-1', clusterId: 'c-1' },
    cluster,
    controlPlaneConnected: () => true,
    runnersConnected: () => 2,
    activeStreams: () => 3,
    requestsPerMinute: () => 40,
    now: () => new Date(0),
  };
}

describe('the heartbeat payload', () => {
  it('reports the counts, the connections and the proxy load as healthy', async () => {
    const counts = { nodes: 2, pods: 5, deployments: 1, services: 3 };
    const payload = await heartbeatPayload(sources({ counts: () => Promise.resolve(counts), lastCounts: undefined, problem: undefined }));
    expect(payload).to.deep.equal({
      agent_id: 'a-1',
      cluster_id: 'c-1',
      timestamp: '1970-01-01T00:00:00.000Z',
      status: 'healthy',
      cluster: counts,
      connections: { control_plane: true, runners: 2 },
      proxy: { active_streams: 3, requests_per_minute: 40 },
    });
  });

  it('keeps the last counts and says degraded, with the reason, when counting fails', async () => {
    const last = { nodes: 1, pods: 1, deployments: 1, services: 1 };
    const payload = await heartbeatPayload(
      sources({
        counts: () => Promise.reject(new Error('connect ECONNREFUSED')),
        lastCounts: last,
        problem: undefined,
      }),
    );
    expect(payload.status).to.equal('degraded');
    expect(payload.reason).to.equal('cannot count cluster objects: connect ECONNREFUSED');
    expect(payload.cluster).to.deep.equal(last);
  });

  it('says degraded with the API server problem when the counts still answer', async () => {
    const payload = await heartbeatPayload(sources({ counts: () => Promise.resolve({ nodes: 0, pods: 0, deployments: 0, services: 0 }), lastCounts: undefined, problem: 'API server slow' }));
    expect(payload).to.include({ status: 'degraded', reason: 'API server slow' });
  });
});
