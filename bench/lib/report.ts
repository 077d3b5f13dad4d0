// The results as a Markdown table and a hand-written SVG bar chart of the
// tunnel/direct ratios (each bar against its target).
import type { Check, ScenarioResult } from './types.ts';

export interface BenchReport {
  meta: Record<string, unknown>;
  scenarios: ScenarioResult[];
  profiles?: Record<string, ProfileFrame[]>;
}

export interface ProfileFrame {
  selfMs: number;
  selfPct: number;
  fn: string;
  where: string;
}

const fmt = (x: number | undefined): string => (x === undefined ? '' : Number.isNaN(x) ? 'n/a' : String(x));
const verdict = (c: Check): string => (c.pass === null ? 'info' : c.pass ? 'pass' : '**miss**');

export function markdown(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(`# pipeops-agent benchmark${report.meta.smoke ? ' (smoke)' : ''}`, '');
  lines.push(
    `${String(report.meta.timestamp)} · node ${String(report.meta.node)} · ${String(report.meta.cpus)} CPUs · commit ${String(report.meta.commit)} · ${String(report.meta.reps)} repetitions · ${String(report.meta.durationSeconds)} s`,
    '',
  );
  lines.push('| scenario | metric | tunnel | direct | value | target | result |', '|---|---|---:|---:|---:|---|---|');
  for (const s of report.scenarios) {
    for (const c of s.checks) {
      const unit = c.unit === '×' ? '×' : ` ${c.unit}`;
      lines.push(`| ${c.scenario} | ${c.metric}${c.note ? ` (${c.note})` : ''} | ${fmt(c.tunnel)} | ${fmt(c.direct)} | ${fmt(c.value)}${unit} | ${c.target} | ${verdict(c)} |`);
    }
  }
  const all = report.scenarios.flatMap((s) => s.checks).filter((c) => c.pass !== null);
  lines.push('', `${all.filter((c) => c.pass).length} of ${all.length} targets met.`);
  if (report.profiles) {
    for (const [name, frames] of Object.entries(report.profiles)) {
      lines.push('', `## CPU profile: ${name} (top self time)`, '', '| self ms | % | function | where |', '|---:|---:|---|---|');
      for (const f of frames) lines.push(`| ${f.selfMs} | ${f.selfPct} | ${f.fn} | ${f.where} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Horizontal bars, one per ratio check; 1× and each bar's target marked. */
export function svgChart(report: BenchReport): string {
  const checks = report.scenarios.flatMap((s) => s.checks).filter((c) => c.ratio && Number.isFinite(c.value));
  const labelW = 520;
  const plotW = 360;
  const rowH = 26;
  const top = 40;
  const height = top + checks.length * rowH + 40;
  const maxX = Math.max(2.5, ...checks.map((c) => Math.min(c.value, 10) * 1.1), ...checks.map((c) => (c.limit ?? 0) * 1.1));
  const x = (v: number): number => labelW + (Math.min(v, maxX) / maxX) * plotW;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + plotW + 80}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">tunnel / direct (bar), target (black tick); green: met, red: missed, grey: info</text>`,
  );
  for (let v = 0; v <= maxX; v += 0.5) {
    out.push(`<line x1="${x(v)}" y1="${top - 6}" x2="${x(v)}" y2="${height - 30}" stroke="${v === 1 ? '#888' : '#eee'}"/>`);
    out.push(`<text x="${x(v)}" y="${height - 14}" text-anchor="middle" fill="#555">${v}×</text>`);
  }
  checks.forEach((c, i) => {
    const y = top + i * rowH;
    const color = c.pass === null ? '#999' : c.pass ? '#2e8b57' : '#c0392b';
    out.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(`${c.scenario}: ${c.metric}`).slice(0, 90)}</text>`);
    out.push(`<rect x="${labelW}" y="${y + 4}" width="${Math.max(1, x(c.value) - labelW)}" height="${rowH - 10}" fill="${color}"/>`);
    out.push(`<text x="${x(c.value) + 4}" y="${y + 15}">${c.value}×</text>`);
    if (c.limit !== undefined) out.push(`<line x1="${x(c.limit)}" y1="${y + 1}" x2="${x(c.limit)}" y2="${y + rowH - 3}" stroke="#000" stroke-width="2"/>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
