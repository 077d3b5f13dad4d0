// Durations as operators write them ("30s", "500ms", "1m30s", "2h", or a bare
// number of seconds) and as the agent holds them (integer milliseconds).

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BARE = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/y;

/**
 * Parses a duration into whole milliseconds (rounded). A number, or a string of
 * digits, is seconds. Throws a RangeError naming the accepted forms otherwise.
 */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new RangeError(`invalid duration ${input}: must be >= 0`);
    return Math.round(input * 1000);
  }
  const s = input.trim();
  if (BARE.test(s)) return Math.round(Number(s) * 1000);
  let ms = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const start = PART.lastIndex;
    const m = PART.exec(s);
    if (m === null || m.index !== start) {
      throw new RangeError(`invalid duration ${JSON.stringify(input)}: use a form such as 30s, 500ms, 1m30s or 2h`);
    }
    ms += Number(m[1]) * (UNIT_MS[m[2]] ?? Number.NaN);
  }
  if (s.length === 0 || !Number.isFinite(ms)) {
    throw new RangeError(`invalid duration ${JSON.stringify(input)}: use a form such as 30s, 500ms, 1m30s or 2h`);
  }
  return Math.round(ms);
}

/** Formats milliseconds in the shortest form parseDuration reads back to the same value. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`invalid duration ${ms} ms`);
  let rest = Math.round(ms);
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
