// Summaries of samples: percentiles by nearest rank, median, IQR, and the
// per-repetition spread the report shows beside every median.

export interface Summary {
  n: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values (q in 0..100). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    min: s[0] ?? Number.NaN,
    p25: percentile(s, 25),
    p50: percentile(s, 50),
    p75: percentile(s, 75),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  return summarize(values).p50;
}

/** Rounds for the report: 3 significant digits, never exponent notation for ordinary numbers. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(6, digits)));
}
