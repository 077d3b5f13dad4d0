// `npm test`: every tier runs, one after the other, even when an earlier one
// fails, and the end lists each tier's outcome, so one broken spec never hides
// the others. Each tier is its own mocha run (its own test cluster), exactly as
// `npm run test:<tier>` runs it; the exit status is non-zero when any tier failed.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const TIERS = ['unit', 'integration', 'e2e', 'faults', 'fuzz'] as const;

interface Outcome {
  tier: string;
  status: number;
  passing: number;
  failing: number;
  seconds: number;
}

/** Runs one tier, passing its output through while counting mocha's summary lines. */
function runTier(tier: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', `test:${tier}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    let passing = 0;
    let failing = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (tail + chunk.toString('utf8')).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) ({ passing, failing } = count(line, passing, failing));
    });
    child.on('close', (code, signal) => {
      ({ passing, failing } = count(tail, passing, failing));
      const status = code ?? (signal ? 1 : 0);
      resolve({ tier, status, passing, failing, seconds: (performance.now() - started) / 1000 });
    });
  });
}

function count(line: string, passing: number, failing: number): { passing: number; failing: number } {
  const plain = stripVTControlCharacters(line);
  const m = /^\s*(\d+) (passing|failing)\b/.exec(plain);
  if (m?.[2] === 'passing') return { passing: passing + Number(m[1]), failing };
  if (m?.[2] === 'failing') return { passing, failing: failing + Number(m[1]) };
  return { passing, failing };
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((t) => !(TIERS as readonly string[]).includes(t));
if (unknown.length > 0) {
  process.stderr.write(`unknown test tier ${unknown.join(', ')}; the tiers are ${TIERS.join(', ')}\n`);
  process.exit(2);
}
const outcomes: Outcome[] = [];
for (const tier of wanted.length > 0 ? wanted : TIERS) outcomes.push(await runTier(tier));

process.stdout.write('\n[test] tiers:\n');
for (const o of outcomes) {
  const verdict = o.status === 0 ? 'ok' : `FAILED (exit ${o.status})`;
  process.stdout.write(`[test]   ${o.tier.padEnd(12)} ${verdict.padEnd(18)} ${o.passing} passing, ${o.failing} failing, ${o.seconds.toFixed(0)} s\n`);
}
const failed = outcomes.filter((o) => o.status !== 0);
process.stdout.write(failed.length === 0 ? '[test] every tier passed\n' : `[test] failed tiers: ${failed.map((o) => o.tier).join(', ')}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
