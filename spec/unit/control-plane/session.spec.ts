import { expect } from 'chai';
import sinon from 'sinon';
import { testConfig } from '../../support/test-config.ts';
import { ControlPlaneSession, controlPlaneUrl, type ControlPlaneSessionOptions } from '../../../lib/control-plane/session.ts';
import type { HeartbeatMessage, RegisterMessage } from '../../../lib/protocol/types.ts';
import type { ProxyExecutor } from '../../../lib/proxy/executor.ts';
import { logSink, type LogSink } from '../../support/log-sink.ts';
import { SessionServer, type RegisterAnswer } from '../../support/session-server.ts';
import { until } from '../../../testkit/eventually.ts';

const realSetTimeout = globalThis.setTimeout;
const realDelay = (ms: number): Promise<void> => new Promise((resolve) => realSetTimeout(resolve, ms));


const defaults = testConfig();

function heartbeatPayload(): HeartbeatMessage['payload'] {
  return {
    agent_id: 'agent-1',
    cluster_id: 'cluster-1',
    timestamp: new Date(0).toISOString(),
    status: 'healthy',
    cluster: { nodes: 1, pods: 2, deployments: 3, services: 4 },
    connections: { control_plane: true, runners: 0 },
    proxy: { active_streams: 0, requests_per_minute: 0 },
  };
}

function registerPayload(clusterId = ''): RegisterMessage['payload'] {
  return {
    agent_id: 'agent-1',
    agent_name: 'test',
    cluster_name: 'c',
    labels: {},
    agent_version: '0.0.0',
    kubernetes_version: 'v1.0.0',
    hostname: 'h',
    capabilities: ['k8s-proxy'],
    ...(clusterId ? { cluster_id: clusterId } : {}),
  };
}

describe('ControlPlaneSession', () => {
  let server: SessionServer;
  let session: ControlPlaneSession | undefined;
  let sink: LogSink;
  let clock: sinon.SinonFakeTimers | undefined;

  /** The waits the socket asked for between dials, each resolved by the spec: the backoff without a clock. */
  interface Wait {
    ms: number;
    resolve: () => void;
  }
  function waits(): { list: Wait[]; sleep: (ms: number, signal: AbortSignal) => Promise<void> } {
    const list: Wait[] = [];
    return {
      list,
      sleep: (ms, signal) =>
        new Promise<void>((resolve) => {
          list.push({ ms, resolve });
          signal.addEventListener('abort', () => resolve(), { once: true });
        }),
    };
  }

  function create(overrides: Partial<ControlPlaneSessionOptions> = {}, random = (): number => 1, socket: { sleep?: (ms: number, signal: AbortSignal) => Promise<void> } = {}): ControlPlaneSession {
    let clusterId = '';
    session = new ControlPlaneSession({
      socket: {
        token: () => 'cp-token',
        compression: false,
        maxPayload: 1 << 20,
        pingInterval: 60_000,
        handshakeTimeout: 2000,
        reconnect: { enabled: true, max_attempts: 0, interval: 100, max_interval: 400 },
        logger: sink.logger,
        random,
        channel: { executor: {} as ProxyExecutor, limits: defaults.proxy },
        ...socket,
      },
      apiUrl: server.url,
      logger: sink.logger,
      registerTimeout: 2000,
      heartbeatInterval: 30_000,
      registerPayload: () => Promise.resolve(registerPayload(clusterId)),
      heartbeatPayload: () => Promise.resolve(heartbeatPayload()),
      onRegistered: (p) => (clusterId = p.cluster_id),
      ...overrides,
    });
    session.start();
    return session;
  }

  beforeEach(async () => {
    sink = logSink();
    server = await new SessionServer({ token: 'cp-token' }).start();
  });

  afterEach(async () => {
    clock?.restore();
    clock = undefined;
    await session?.stop(100);
    session = undefined;
    await server.stop();
  });

  describe('controlPlaneUrl', () => {
    it('maps https to wss and appends /ws/agent', () => {
      expect(controlPlaneUrl('https://api.pipeops.io')).to.equal('wss://api.pipeops.io/ws/agent');
      expect(controlPlaneUrl('http://127.0.0.1:9/base/')).to.equal('ws://127.0.0.1:9/base/ws/agent');
    });
  });

  describe('registration', () => {
    it('sends register first and is registered once the answer echoes its id', async () => {
      const s = create();
      await until(() => s.registered, 'registered');
      const first = server.connections[0].received[0].message as RegisterMessage;
      expect(first.type).to.equal('register');
      expect(first.payload.agent_id).to.equal('agent-1');
      expect(s.clusterId).to.equal('cluster-1');
      expect(s.registrations).to.equal(1);
    });

    it('ignores a registered that answers another id', async () => {
      await server.stop();
      server = await new SessionServer({
        onRegister: (_m, conn): RegisterAnswer => {
          conn.send({ type: 'registered', id: 'someone-else', payload: { cluster_id: 'x' } });
          return { kind: 'registered', payload: { cluster_id: 'cluster-1' } };
        },
      }).start();
      const s = create();
      await until(() => s.registered, 'registered');
      expect(s.clusterId).to.equal('cluster-1');
      expect(sink.find('answers no pending register')).to.have.length(1);
    });

    it('re-registers with the known cluster_id after the control plane drops the socket', async () => {
      const s = create();
      await until(() => s.registered, 'registered');
      server.dropAll();
      await until(() => s.registrations === 2, 'second registration');
      const registers = server.of('register');
      expect(registers).to.have.length(2);
      expect(registers[0].payload.cluster_id).to.equal(undefined);
      expect(registers[1].payload.cluster_id).to.equal('cluster-1');
      expect(server.open).to.have.length(1);
    });

    it('logs a refused register with its reason and retries with growing backoff', async () => {
      let refuse = true;
      await server.stop();
      server = await new SessionServer({
        onRegister: () => (refuse ? { kind: 'error', code: 'cluster_limit', message: 'too many clusters' } : { kind: 'registered', payload: { cluster_id: 'c-9' } }),
      }).start(server.port);
      const failures: string[] = [];
      const backoff = waits();
      const s = create({ onRegisterFailed: (r) => failures.push(r) }, () => 1, { sleep: backoff.sleep });
      await until(() => failures.length === 1, 'first refusal');
      // random() = 1: the wait is the full ceiling, 100 ms then 200 ms (base 100, cap 400). While the socket waits
      // it does not dial: the loop is inside the wait until the spec ends it.
      await until(() => backoff.list.length === 1, 'the first wait');
      expect(backoff.list[0].ms).to.equal(100);
      expect(server.attempts).to.equal(1);
      backoff.list[0].resolve();
      await until(() => failures.length === 2, 'second refusal');
      await until(() => backoff.list.length === 2, 'the second wait');
      expect(backoff.list[1].ms).to.equal(200);
      expect(server.attempts).to.equal(2);
      refuse = false;
      backoff.list[1].resolve();
      await until(() => s.registered, 'registered after refusals');
      expect(s.clusterId).to.equal('c-9');
      expect(failures).to.deep.equal(['cluster_limit: too many clusters', 'cluster_limit: too many clusters']);
      const logged = sink.find('refused register');
      expect(logged).to.have.length(2);
      expect(logged[0].reason).to.equal('too many clusters');
      expect(logged[0].code).to.equal('REGISTER_FAILED');
      expect(logged[0].peer_code).to.equal('cluster_limit');
    });

    it('drops and redials when register is not answered in time', async () => {
      let silent = true;
      await server.stop();
      server = await new SessionServer({
        onRegister: () => (silent ? { kind: 'silence' } : { kind: 'registered', payload: { cluster_id: 'c-2' } }),
      }).start(server.port);
      const failures: string[] = [];
      const backoff = waits();
      // Fake setTimeout for the register timer only; the redial waits are the spec's own.
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldClearNativeTimers: true });
      const s = create({ onRegisterFailed: (r) => failures.push(r) }, () => 1, { sleep: backoff.sleep });
      await until(() => server.of('register').length === 1, 'register');
      await clock.tickAsync(1999);
      expect(failures).to.deep.equal([]);
      silent = false;
      await clock.tickAsync(1);
      expect(failures).to.deep.equal(['timeout']);
      await until(() => backoff.list.length === 1, 'the wait before redialling');
      backoff.list[0].resolve();
      await until(() => s.registered, 'registered');
      expect(sink.find('no answer to register')).to.have.length(1);
    });
  });

  describe('heartbeat', () => {
    it('beats at once after registering, then every agent.poll_interval', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'], shouldClearNativeTimers: true });
      let sent = 0;
      const s = create({ onHeartbeatSent: () => sent++ });
      await until(() => s.registered, 'registered');
      await until(() => server.of('heartbeat').length === 1, 'first heartbeat');
      await clock.tickAsync(29_999);
      await realDelay(30);
      expect(server.of('heartbeat')).to.have.length(1);
      await clock.tickAsync(1);
      await until(() => server.of('heartbeat').length === 2, 'second heartbeat');
      await clock.tickAsync(30_000);
      await until(() => server.of('heartbeat').length === 3, 'third heartbeat');
      expect(s.heartbeatInterval).to.equal(30_000);
      expect(server.of('heartbeat')[0].payload).to.deep.equal(heartbeatPayload());
      await until(() => sent === 3, 'onHeartbeatSent');
    });

    it('uses heartbeat_interval_seconds from registered', async () => {
      await server.stop();
      server = await new SessionServer({
        onRegister: () => ({ kind: 'registered', payload: { cluster_id: 'c', heartbeat_interval_seconds: 5 } }),
      }).start(server.port);
      clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'], shouldClearNativeTimers: true });
      const s = create();
      await until(() => server.of('heartbeat').length === 1, 'first heartbeat');
      await clock.tickAsync(5_000);
      await until(() => server.of('heartbeat').length === 2, 'second heartbeat');
      expect(s.heartbeatInterval).to.equal(5_000);
    });

    it('skips a beat while the previous one is still being assembled', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'], shouldClearNativeTimers: true });
      let release!: () => void;
      let calls = 0;
      const s = create({
        heartbeatPayload: () => {
          calls++;
          return new Promise((resolve) => (release = () => resolve(heartbeatPayload())));
        },
      });
      await until(() => s.registered && calls === 1, 'first heartbeat started');
      await clock.tickAsync(90_000);
      expect(calls).to.equal(1);
      release();
      await until(() => server.of('heartbeat').length === 1, 'heartbeat sent');
      await clock.tickAsync(30_000);
      expect(calls).to.equal(2);
    });

    it('reports a heartbeat that cannot be assembled and keeps the session', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'], shouldClearNativeTimers: true });
      const failed: Error[] = [];
      const s = create({ heartbeatPayload: () => Promise.reject(new Error('boom')), onHeartbeatFailed: (e) => failed.push(e) });
      await until(() => failed.length === 1, 'failure');
      expect(s.registered).to.equal(true);
      expect(sink.find('heartbeat failed')[0].err).to.equal('boom');
    });

    it('stops beating when the socket closes', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'], shouldClearNativeTimers: true });
      const s = create();
      await until(() => server.of('heartbeat').length === 1, 'first heartbeat');
      await server.stop();
      await until(() => !s.registered, 'unregistered');
      await clock.tickAsync(120_000);
      expect(server.of('heartbeat')).to.have.length(1);
    });
  });
});
