// The writer against sinks that stand in for outputs the spec cannot make
// real on demand: one that holds every write until released (a stalled disk)
// and one that fails (a full disk is also tested for real, on /dev/full, in
// file-sink.spec.ts).
import { expect } from 'chai';
import { AuditWriter, type AuditDropReason } from '../../../lib/audit/audit-writer.ts';
import type { AuditSink } from '../../../lib/audit/sink.ts';
import type { RequestEnd } from '../../../lib/proxy/request-end.ts';
import { logSink } from '../../support/log-sink.ts';

function end(id: string): RequestEnd {
  return { kind: 'request', socket: 's', id, frame: { id, method: 'GET', path: '/version' }, verb: 'GET', status: 200, byAgent: false, reason: undefined, bytesUp: 0, bytesDown: 1, startedAt: 0, seconds: 0 };
}

class HeldSink implements AuditSink {
  readonly chunks: string[] = [];
  #release: Array<() => void> = [];
  held = true;
  closed = false;
  write(chunk: Buffer): Promise<void> {
    this.chunks.push(chunk.toString('utf8'));
    if (!this.held) return Promise.resolve();
    return new Promise((resolve) => this.#release.push(resolve));
  }
  release(): void {
    this.held = false;
    for (const r of this.#release.splice(0)) r();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  get ids(): string[] {
    return this.chunks.join('').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
  }
}

function counters() {
  const c = { written: 0, dropped: {} as Partial<Record<AuditDropReason, number>> };
  return {
    c,
    observer: {
      auditWritten: (n: number) => (c.written += n),
      auditDropped: (reason: AuditDropReason, n: number) => (c.dropped[reason] = (c.dropped[reason] ?? 0) + n),
    },
  };
}

describe('AuditWriter', () => {
  it('writes the records of one turn as one batch of JSON lines, in order', async () => {
    const sink = new HeldSink();
    sink.release();
    const { c, observer } = counters();
    const w = new AuditWriter({ sink, queueSize: 100, logger: logSink().logger, observer });
    for (let i = 0; i < 5; i++) w.onRequestEnd(end(`r${i}`));
    expect(sink.chunks).to.have.lengthOf(0); // nothing is written on the request's path
    await w.flush();
    expect(sink.chunks).to.have.lengthOf(1);
    expect(sink.ids).to.deep.equal(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(c.written).to.equal(5);
  });

  it('drops and counts records beyond queue_size while the sink is stalled, and never waits for it', async () => {
    const sink = new HeldSink();
    const { c, observer } = counters();
    const w = new AuditWriter({ sink, queueSize: 3, logger: logSink().logger, observer });
    w.onRequestEnd(end('a'));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(sink.chunks).to.have.lengthOf(1); // 'a' is being written, and held
    for (const id of ['b', 'c', 'd', 'e']) w.onRequestEnd(end(id)); // returns at once each time
    expect(c.dropped.queue_full).to.equal(2); // a (writing) + b + c fill the queue of 3
    sink.release();
    await w.flush();
    expect(sink.ids).to.deep.equal(['a', 'b', 'c']);
    expect(c.written).to.equal(3);
  });

  it('counts a failed write as dropped, logs it once until writes succeed again, and keeps going', async () => {
    let fail = true;
    const lines: string[] = [];
    const sink: AuditSink = {
      write: (chunk) => (fail ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : (lines.push(chunk.toString()), Promise.resolve())),
      close: () => Promise.resolve(),
    };
    const log = logSink();
    const { c, observer } = counters();
    const w = new AuditWriter({ sink, queueSize: 10, logger: log.logger, observer });
    w.onRequestEnd(end('a'));
    await w.flush();
    w.onRequestEnd(end('b'));
    await w.flush();
    expect(c.dropped.write_error).to.equal(2);
    const errors = log.find('cannot write audit records');
    expect(errors).to.have.lengthOf(1);
    expect(errors[0]).to.include({ code: 'AUDIT_WRITE_FAILED' });
    fail = false;
    w.onRequestEnd(end('c'));
    await w.flush();
    expect(lines.join('')).to.include('"id":"c"');
    expect(log.find('being written again')).to.have.lengthOf(1);
  });

  it('writes what is queued on close, closes the sink, and drops later records as closed', async () => {
    const sink = new HeldSink();
    sink.release();
    const { c, observer } = counters();
    const w = new AuditWriter({ sink, queueSize: 10, logger: logSink().logger, observer });
    w.onRequestEnd(end('last'));
    await w.close();
    expect(sink.ids).to.deep.equal(['last']);
    expect(sink.closed).to.equal(true);
    w.onRequestEnd(end('late'));
    expect(c.dropped.closed).to.equal(1);
  });
});
