// Normalises kubectl output so a run straight at the API server and a run through
// the tunnel can be compared byte for byte: what differs between two honest runs
// (times, ages, uids, resourceVersions, generated names, temp paths, the twin
// suffix of objects made for each run) is replaced by a placeholder, and nothing
// else is touched. Column padding is collapsed, because an age that crosses "9s" →
// "10s" between the two runs widens a column without anything being wrong.

/** The two runs of a fidelity comparison; a twin object's name ends in `-direct` or `-tunnel` (same length). */
export type Mode = 'direct' | 'tunnel';

/** The name of the object a mode works on: `<base>-direct` or `<base>-tunnel`. */
export function twin(mode: Mode, base: string): string {
  return `${base}-${mode}`;
}

// The alphabet of apimachinery's rand.String and SafeEncodeString: generated names use it.
const GEN = '[bcdfghjklmnpqrstvwxz2456789]';
const HAS_LETTER = '(?=[2456789]*[bcdfghjklmnpqrstvwxz])';

const RULES: [RegExp, string][] = [
  [/-(?:direct|tunnel)\b/g, '-<twin>'],
  // RFC 3339 times, with or without fractions, Z or an offset.
  [/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g, '<time>'],
  // kubectl diff's file times: 2026-12-01 22:00:00.123456789 +0000.
  [/\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4}/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uid>'],
  [/("?resourceVersion"?\s*[:=]\s*)(?:"\d+"|'\d+'|\d+)/g, '$1<rv>'],
  // kubectl diff's temp directories.
  [/\/tmp\/(LIVE|MERGED)-\d+/g, '/tmp/$1-<n>'],
  // Deployment → ReplicaSet → Pod names, and the template hash label (at least one letter: not a number).
  [new RegExp(`-${HAS_LETTER}${GEN}{6,10}-${GEN}{5}\\b`, 'g'), '-<rs>-<pod>'],
  [new RegExp(`(pod-template-hash[=:"\\s]+)${GEN}{6,10}\\b`, 'g'), '$1<hash>'],
  [new RegExp(`-${HAS_LETTER}${GEN}{6,10}\\b(?=\\s|$|"|/)`, 'gm'), '-<rs>'],
  // Event names: <involved object>.<16 hex digits>.
  [/\.[0-9a-f]{15,17}\b/g, '.<event>'],
  [/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, '<ip>'],
  // Which kwok node the scheduler picked for a twin's pod.
  [/\bkwok-node-\d+\b/g, '<node>'],
  // Ages and "last seen" columns: 5s, 3m2s, 4h, 2d3h, <invalid>.
  [/(^|\s)(?:\d+(?:y|d|h|m|s)){1,2}(?=\s|$)/gm, '$1<age>'],
  [/(^|\s)<invalid>(?=\s|$)/gm, '$1<age>'],
];

export function normalise(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out.replace(/ {2,}/g, '  ').replace(/ +$/gm, '');
}
