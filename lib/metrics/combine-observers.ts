// The observers of proxied requests and channels, made one: the agent's own
// metrics first, then the caller's observer (tests, embedders), then the audit
// trail's request-end hook.
import type { AuditWriter } from '../audit/audit-writer.ts';
import type { ProxyObserver } from '../proxy/executor.ts';
import type { ChannelObserver } from '../tunnel/channel.ts';
import type { AgentMetrics } from './agent-metrics.ts';

/**
 * The agent's metrics first, then the caller's observer, each hook optional.
 * The request-end hook exists only when someone listens (the audit trail, a
 * caller), so an agent without them builds no request-end events at all.
 */
export function combineObservers(
  metrics: AgentMetrics,
  extra: (ProxyObserver & ChannelObserver) | undefined,
  audit: AuditWriter | undefined,
): ProxyObserver & ChannelObserver {
  const combined: ProxyObserver & ChannelObserver = {
    requestFinished: (verb, status, seconds) => {
      metrics.requestFinished(verb, status, seconds);
      extra?.requestFinished?.(verb, status, seconds);
    },
    bytesUpstream: (n) => {
      metrics.bytesUpstream(n);
      extra?.bytesUpstream?.(n);
    },
    bytesDownstream: (n) => {
      metrics.bytesDownstream(n);
      extra?.bytesDownstream?.(n);
    },
    upgradeStarted: () => {
      metrics.upgradeStarted();
      extra?.upgradeStarted?.();
    },
    upgradeEnded: () => {
      metrics.upgradeEnded();
      extra?.upgradeEnded?.();
    },
    upgradeBytes: (direction, n) => {
      metrics.upgradeBytes(direction, n);
      extra?.upgradeBytes?.(direction, n);
    },
    frameInvalid: () => {
      metrics.frameInvalid();
      extra?.frameInvalid?.();
    },
    refused: (status) => {
      metrics.refused(status);
      extra?.refused?.(status);
    },
  };
  const onEnd = extra?.onRequestEnd?.bind(extra);
  if (audit && onEnd) {
    combined.onRequestEnd = (end) => {
      audit.onRequestEnd(end);
      onEnd(end);
    };
  } else if (audit) {
    combined.onRequestEnd = (end) => audit.onRequestEnd(end);
  } else if (onEnd) {
    combined.onRequestEnd = onEnd;
  }
  return combined;
}
