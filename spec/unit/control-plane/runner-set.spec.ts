import { expect } from 'chai';
import type { Logger } from 'pino';
import { RunnerSet, type RunnerSocketOptions } from '../../../lib/control-plane/runner-set.ts';
import type { HelloMessage } from '../../../lib/protocol/types.ts';
import type { ProxyExecutor } from '../../../lib/proxy/executor.ts';
import { logSink } from '../../support/log-sink.ts';
import { SessionServer } from '../../support/session-server.ts';
import { testConfig } from '../../support/test-config.ts';
import { until } from '../../../testkit/eventually.ts';



/** Runner sockets that redial fast; the executor is never reached in these specs. */
function socketOptions(logger: Logger): RunnerSocketOptions {
  return {
    compression: false,
    maxPayload: 1 << 20,
    pingInterval: 60_000,
    handshakeTimeout: 2000,
    reconnect: { enabled: true, max_attempts: 0, interval: 50, max_interval: 200 },
    logger,
    channel: { executor: {} as ProxyExecutor, limits: testConfig().proxy },
  };
}

const hello: HelloMessage['payload'] = {
  agent_id: 'agent-1',
  cluster_id: 'cluster-1',
  cluster_name: 'c',
  agent_version: '0.0.0',
  capabilities: ['k8s-proxy'],
};

describe('RunnerSet', () => {
  let a: SessionServer;
  let b: SessionServer;
  let set: RunnerSet;
  let connected: boolean[];

  beforeEach(async () => {
    a = await new SessionServer({ token: 'token-a' }).start();
    b = await new SessionServer({ token: 'token-b' }).start();
    connected = [];
    set = new RunnerSet({
      socket: socketOptions(logSink().logger),
      logger: logSink().logger,
      hello: () => hello,
      onConnected: (reconnect) => connected.push(reconnect),
    });
  });

  afterEach(async () => {
    await set.stop(100);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('dials each Runner once and sends hello first', async () => {
    await set.update([
      { url: a.runnerUrl('one'), token: 'token-a', name: 'one' },
      { url: b.runnerUrl('two'), token: 'token-b', name: 'two' },
    ]);
    await until(() => set.connected === 2, 'two runners connected');
    await until(() => a.received.length === 1 && b.received.length === 1, 'hellos');
    expect(a.connections).to.have.length(1);
    expect(b.connections).to.have.length(1);
    expect(a.received[0].message).to.deep.equal({ type: 'hello', payload: hello });
    expect(b.received[0].message.type).to.equal('hello');
    expect(connected).to.deep.equal([false, false]);
  });

  it('refuses assigned Runners it must not dial, and serves the rest', async () => {
    const sink = logSink();
    const strict = new RunnerSet({
      socket: socketOptions(sink.logger),
      logger: sink.logger,
      hello: () => hello,
      requireTls: true,
    });
    try {
      await strict.update([
        { url: 'ws://runner.example.com/ws/runner', token: 't', name: 'plain-remote' },
        { url: 'https://runner.example.com/ws/runner', token: 't', name: 'not-ws' },
        { url: 'not a url', token: 't', name: 'garbage' },
        { url: a.runnerUrl('loopback'), token: 'token-a', name: 'loopback' },
      ]);
      expect(strict.size).to.equal(1);
      await until(() => strict.connected === 1, 'the loopback runner');
      const refused = sink.find('runner assignment refused');
      expect(refused.map((l) => l.runner)).to.deep.equal(['plain-remote', 'not-ws', 'garbage']);
      expect(String(refused[0].problem)).to.match(/must use wss:\/\//);
    } finally {
      await strict.stop(100);
    }
  });

  it('keeps unchanged Runners, dials added ones and closes removed ones', async () => {
    const one = { url: a.runnerUrl('one'), token: 'token-a', name: 'one' };
    const two = { url: b.runnerUrl('two'), token: 'token-b', name: 'two' };
    await set.update([one]);
    await until(() => a.open.length === 1, 'one connected');
    const first = a.connections[0];

    // add
    await set.update([one, two]);
    await until(() => b.open.length === 1, 'two connected');
    expect(a.connections).to.have.length(1);
    expect(first.ws.readyState).to.equal(first.ws.OPEN);

    // remove
    await set.update([two]);
    await first.closed;
    expect(a.open).to.have.length(0);
    expect(b.connections).to.have.length(1);
    expect(b.open).to.have.length(1);
    expect(set.size).to.equal(1);

    // replace: same Runner URL, new token → a new socket, the old one closed
    const twoAgain = { url: b.runnerUrl('two'), token: 'token-b2', name: 'two' };
    const bServer = b;
    await bServer.stop();
    b = await new SessionServer({ token: 'token-b2' }).start(bServer.port);
    const replaced = set.sockets();
    await set.update([twoAgain]);
    await until(() => b.open.length === 1 && set.connected === 1 && set.sockets()[0]?.connects === 1, 'replacement connected');
    // One socket now, a new one, that has connected once: nothing else in the set can dial.
    const sockets = set.sockets();
    expect(sockets).to.have.length(1);
    expect(replaced).not.to.include(sockets[0]);
    expect(sockets[0].connects).to.equal(1);
    expect(b.connections).to.have.length(1);
    expect(a.open).to.have.length(0);
  });

  it('keeps one socket per Runner when the same set is applied again', async () => {
    const list = [
      { url: a.runnerUrl('one'), token: 'token-a' },
      { url: b.runnerUrl('two'), token: 'token-b' },
    ];
    await set.update(list);
    await until(() => set.connected === 2, 'connected');
    const sockets = set.sockets();
    await set.update([...list].reverse());
    await set.update(list.map((r) => ({ ...r })));
    // The same two socket objects, each connected once: no second dial can be under way.
    expect(set.sockets()).to.have.members(sockets);
    expect(set.sockets().map((s) => s.connects)).to.deep.equal([1, 1]);
    expect(set.connected).to.equal(2);
    expect(a.connections).to.have.length(1);
    expect(b.connections).to.have.length(1);
  });

  it('redials a lost Runner without touching the others', async () => {
    await set.update([
      { url: a.runnerUrl('one'), token: 'token-a' },
      { url: b.runnerUrl('two'), token: 'token-b' },
    ]);
    await until(() => set.connected === 2, 'connected');
    const bFirst = b.connections[0];
    a.dropAll(1011, 'runner restart');
    await until(() => a.connections.length === 2 && a.open.length === 1, 'runner a redialled');
    await until(() => a.connections[1].received.length > 0, 'hello on the redialled socket');
    expect(b.connections).to.have.length(1);
    expect(bFirst.ws.readyState).to.equal(bFirst.ws.OPEN);
    // every connection, first or redialled, starts with hello
    expect(a.connections.map((c) => c.received[0]?.message.type)).to.deep.equal(['hello', 'hello']);
    expect(connected.filter(Boolean)).to.have.length(1);
  });
});
