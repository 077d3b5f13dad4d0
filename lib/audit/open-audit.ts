// Builds the audit writer the configuration asks for: off (undefined),
// stdout, stderr, or a rotated file. A file that cannot be opened stops the
// start-up with CONFIG_INVALID naming audit.output.
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/types.ts';
import { AuditWriter, type AuditObserver } from './audit-writer.ts';
import { FileSink, streamSink, type AuditSink } from './sink.ts';

export interface OpenAuditOptions {
  config: AgentConfig['audit'];
  logger: Logger;
  observer?: AuditObserver;
  /** Replaces the configured output (tests). */
  sink?: AuditSink;
}

export async function openAudit(options: OpenAuditOptions): Promise<AuditWriter | undefined> {
  const { config } = options;
  if (!config.enabled) return undefined;
  const sink =
    options.sink ??
    (config.output === 'stdout'
      ? streamSink(process.stdout)
      : config.output === 'stderr'
        ? streamSink(process.stderr)
        : await FileSink.open({ path: config.output, maxBytes: config.max_file_bytes, maxFiles: config.max_files }));
  return new AuditWriter({
    sink,
    queueSize: config.queue_size,
    logger: options.logger,
    ...(options.observer ? { observer: options.observer } : {}),
  });
}
