// Writes the `config` part of charts/pipeops-agent/values.schema.json from schemas/config.schema.json, so a typo in
// `--set config.agent.clustr_name=...` fails at `helm install` instead of crash-looping the pod (exit 2). The rest of
// values.schema.json is written by hand; `config` and `definitions` are generated. `--check` exits 1 when stale.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
export const CHART_SCHEMA = 'charts/pipeops-agent/values.schema.json';
const CONFIG_SCHEMA = 'schemas/config.schema.json';

type Node = Record<string, unknown>;

/** The schema without the agent's own keywords (x-expect, x-min-ms), which helm's validator has no use for. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out: Node = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('x-')) out[k] = strip(v);
  return out;
}

export async function generateChartSchema(): Promise<string> {
  const config = JSON.parse(await readFile(new URL(CONFIG_SCHEMA, root), 'utf8')) as Node;
  const values = JSON.parse(await readFile(new URL(CHART_SCHEMA, root), 'utf8')) as Node & { properties: Node };
  values.properties.config = {
    type: 'object',
    description: `The agent's configuration file, key for key. GENERATED from ${CONFIG_SCHEMA} by \`npm run generate\` (scripts/generate-chart-schema.ts).`,
    properties: strip(config.properties),
    additionalProperties: false,
  };
  values.definitions = strip(config.definitions);
  return `${JSON.stringify(values, null, 2)}\n`;
}

async function run(args: string[]): Promise<number> {
  const expected = await generateChartSchema();
  const target = new URL(CHART_SCHEMA, root);
  if (args.includes('--check')) {
    if ((await readFile(target, 'utf8')) !== expected) {
      process.stderr.write(`${CHART_SCHEMA} is stale: run \`npm run generate\`\n`);
      return 1;
    }
    return 0;
  }
  await writeFile(target, expected);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await run(process.argv.slice(2));
}
