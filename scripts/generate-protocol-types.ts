// Generates lib/protocol/types.ts from the wire schemas, so the TypeScript types cannot drift from what the
// validator enforces. `--check` compares instead of writing and exits 1 when the file is stale (CI).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import type { JSONSchema } from 'json-schema-to-typescript';

const root = new URL('../', import.meta.url);

// The v2 frame schemas are supersets of v1's (spec/unit/protocol/versions.spec.ts checks it), so one set of types
// serves both versions; the validators hold each socket to its own version.
export const PROTOCOL_SCHEMAS = [
  'schemas/frame-request.v2.schema.json',
  'schemas/frame-response.v2.schema.json',
  'schemas/session-message.schema.json',
] as const;

export const TYPES_FILE = 'lib/protocol/types.ts';

const BANNER = `// GENERATED FILE - do not edit. Produced by \`npm run generate\` from ${PROTOCOL_SCHEMAS.join(', ')}
// (scripts/generate-protocol-types.ts); \`npm run generate:check\` fails when it is stale.
// Wire types of the agent's protocol (docs/protocol.md).`;

/** Returns the text lib/protocol/types.ts must have for the current schemas. */
export async function generateProtocolTypes(): Promise<string> {
  const parts: string[] = [];
  for (const file of PROTOCOL_SCHEMAS) {
    const schema = JSON.parse(await readFile(new URL(file, root), 'utf8')) as JSONSchema;
    const ts = await compile(schema, '', {
      bannerComment: '',
      cwd: fileURLToPath(new URL('schemas/', root)),
      // Schemas leave additionalProperties open where a newer peer may add fields; the types stay closed.
      additionalProperties: false,
      style: { singleQuote: true, printWidth: 120 },
    });
    // json-schema-to-typescript upper-cases a letter after a digit; the wire names are K8sProxy*.
    parts.push(ts.trim().replaceAll(/\bK8SProxy(Request|Response)\b/g, 'K8sProxy$1'));
  }
  return `${BANNER}\n\n${parts.join('\n\n')}\n`;
}

async function run(args: string[]): Promise<number> {
  const expected = await generateProtocolTypes();
  const target = new URL(TYPES_FILE, root);
  if (args.includes('--check')) {
    const actual = await readFile(target, 'utf8').catch(() => '');
    if (actual !== expected) {
      process.stderr.write(`${TYPES_FILE} is stale: run \`npm run generate\`\n`);
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
