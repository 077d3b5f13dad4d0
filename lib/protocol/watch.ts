// Whether a request is a Kubernetes watch, whose stream is cut into one chunk per watch event, or a log follow;
// both stay open. The query rule is the API server's own (apimachinery's Convert_Slice_string_To_bool: the first
// value counts, and only "false" in any case or "0" is false), so the agent and the server never disagree about
// what kind of body comes back.
import type { K8sProxyRequest } from './types.ts';

export function isWatchRequest(frame: Pick<K8sProxyRequest, 'path' | 'query'>): boolean {
  return watchQuery(frame.query) || isWatchPath(frame.path);
}

/** A log stream that stays open (`follow`). */
export function isFollowRequest(frame: Pick<K8sProxyRequest, 'query'>): boolean {
  return queryFlag(frame.query, 'follow');
}

function watchQuery(query: K8sProxyRequest['query']): boolean {
  return queryFlag(query, 'watch');
}

function queryFlag(query: K8sProxyRequest['query'], name: string): boolean {
  if (query === undefined || !Object.hasOwn(query, name)) return false;
  const first = query[name]?.[0];
  if (first === undefined) return false;
  return first !== '0' && first.toLowerCase() !== 'false';
}

/**
 * The deprecated watch paths: `/api/<version>/watch/...` and `/apis/<group>/<version>/watch/...`. A `watch` segment
 * anywhere else is a name (a namespace or an object called "watch"), not a watch.
 */
export function isWatchPath(path: string | undefined): boolean {
  if (path === undefined) return false;
  const segments = path.split('?', 1)[0].split('/');
  if (segments[0] !== '') return false;
  if (segments[1] === 'api') return segments[3] === 'watch';
  if (segments[1] === 'apis') return segments[4] === 'watch';
  return false;
}
