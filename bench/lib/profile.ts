// Reads a V8 .cpuprofile (written by the agent under --cpu-prof) and sums
// self time per function, the first place to look when a target is missed.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { ProfileFrame } from './report.ts';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = resolve(import.meta.dirname, '..', '..');

export function topSelfTime(file: string, limit = 15): ProfileFrame[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byNode.get(profile.samples[i]);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) continue;
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    const url = f.url.startsWith('file://') ? relative(ROOT, new URL(f.url).pathname) : f.url;
    const key = `${f.functionName || '(anonymous)'}\t${url ? `${url}:${f.lineNumber + 1}` : ''}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
    total += dt;
  }
  return [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, us]) => {
      const [fn, where] = key.split('\t');
      return { selfMs: Math.round(us / 1000), selfPct: Math.round((us / total) * 1000) / 10, fn, where };
    });
}
