// Takes one record per request end and writes them in batches, off the
// request's path: recording is a push onto a bounded array, and one drain loop
// serialises and writes whatever has queued since its last write. When the
// sink is slower than the traffic the queue fills and further records are
// dropped and counted, never waited for; a failed write drops its batch, is
// counted, and is logged once until writes succeed again.
import type { Logger } from 'pino';
import type { ErrorCode } from '../errors.ts';
import type { RequestEnd, RequestEndObserver } from '../proxy/request-end.ts';
import { auditRecord } from './record.ts';
import type { AuditSink } from './sink.ts';

export type AuditDropReason = 'queue_full' | 'write_error' | 'closed';

export interface AuditObserver {
  auditWritten?(n: number): void;
  auditDropped?(reason: AuditDropReason, n: number): void;
}

export interface AuditWriterOptions {
  sink: AuditSink;
  /** Records held (queued and being written) before new ones are dropped. */
  queueSize: number;
  logger: Logger;
  observer?: AuditObserver;
}

export class AuditWriter implements RequestEndObserver {
  readonly #sink: AuditSink;
  readonly #queueSize: number;
  readonly #logger: Logger;
  readonly #observer: AuditObserver;
  /** Request ends waiting to become records; the frame's body is not kept. */
  #pending: RequestEnd[] = [];
  #writing = 0;
  #draining: Promise<void> | undefined;
  #failing = false;
  #closed = false;

  constructor(options: AuditWriterOptions) {
    this.#sink = options.sink;
    this.#queueSize = options.queueSize;
    this.#logger = options.logger;
    this.#observer = options.observer ?? {};
  }

  /** The request-end hook. Never throws. */
  onRequestEnd(end: RequestEnd): void {
    if (this.#closed) return this.#drop('closed', 1);
    if (this.#pending.length + this.#writing >= this.#queueSize) return this.#drop('queue_full', 1);
    // The record is built by the writer, off the request's path; only what it reads is kept.
    const f = end.frame;
    this.#pending.push(f === undefined ? end : { ...end, frame: { id: f.id, method: f.method, path: f.path, query: f.query, headers: f.headers } });
    this.#draining ??= this.#drain();
  }

  /** Settles once every record recorded so far is written or dropped. */
  async flush(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  /**
   * Writes what is queued (waiting at most `timeoutMs` for a stalled output,
   * so shutdown never hangs on a disk), then closes the sink; what is still
   * queued then, and every later record, is dropped as `closed`.
   */
  async close(timeoutMs = Infinity): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.flush(),
      ...(Number.isFinite(timeoutMs) ? [new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))] : []),
    ]);
    clearTimeout(timer);
    this.#closed = true;
    if (this.#pending.length > 0) this.#drop('closed', this.#pending.length);
    this.#pending = [];
    await this.#sink.close().catch((err: unknown) => this.#logger.warn({ err }, 'closing the audit output failed'));
  }

  async #drain(): Promise<void> {
    // Let the records of this turn of the event loop join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      this.#writing = batch.length;
      let text = '';
      let lines = 0;
      for (const end of batch) {
        try {
          text += `${JSON.stringify(auditRecord(end))}\n`;
          lines++;
        } catch (err) {
          this.#logger.error({ err, code: 'AUDIT_WRITE_FAILED' satisfies ErrorCode }, 'cannot build an audit record');
          this.#drop('write_error', 1);
        }
      }
      try {
        await this.#sink.write(Buffer.from(text, 'utf8'));
        this.#observer.auditWritten?.(lines);
        if (this.#failing) this.#logger.info('audit records are being written again');
        this.#failing = false;
      } catch (err) {
        this.#drop('write_error', lines);
        if (!this.#failing) {
          this.#logger.error({ err, code: 'AUDIT_WRITE_FAILED' satisfies ErrorCode }, 'cannot write audit records; dropping them until writes succeed (pipeops_agent_audit_records_dropped_total)');
        }
        this.#failing = true;
      }
      this.#writing = 0;
    }
    this.#draining = undefined;
  }

  #drop(reason: AuditDropReason, n: number): void {
    this.#observer.auditDropped?.(reason, n);
  }
}
