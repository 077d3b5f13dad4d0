// Generates the schema validators as standalone code, so the agent loads plain functions instead of compiling
// schemas with ajv at every start (ajv and its compiler cost a start ~13 MiB of memory and 0.1-0.4 s of CPU, and
// `health` probes start the agent every few seconds). Two files, each a .js module with its .d.ts:
//   lib/protocol/validators.generated.js  the wire schemas (request, response, each session message type)
//   lib/config/validator.generated.js     the configuration schema
// `--check` compares instead of writing and exits 1 when a file is stale (CI, through `npm run generate:check`).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { regExpEngine } from '../lib/protocol/patterns.ts';

const root = new URL('../', import.meta.url);

// ajv's standalone module is CommonJS: under native ESM its default import is module.exports.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as typeof standaloneModule.default;

const SESSION_DEFS = ['RegisterMessage', 'RegisteredMessage', 'HeartbeatMessage', 'HeartbeatAckMessage', 'RunnersMessage', 'HelloMessage', 'DrainingMessage', 'ErrorMessage'];

interface Output {
  file: string;
  sources: string[];
  /** Imports the generated code needs, and the declarations of what it exports. */
  header: string;
  declarations: string;
  code: () => Promise<string>;
}

async function schema(file: string): Promise<Record<string, unknown> & { $id: string }> {
  return JSON.parse(await readFile(new URL(file, root), 'utf8')) as Record<string, unknown> & { $id: string };
}

const OUTPUTS: Output[] = [
  {
    file: 'lib/protocol/validators.generated.js',
    sources: [
      'schemas/frame-request.schema.json',
      'schemas/frame-response.schema.json',
      'schemas/frame-request.v2.schema.json',
      'schemas/frame-response.v2.schema.json',
      'schemas/session-message.schema.json',
    ],
    header: "import { regExpEngine as patternEngine } from './patterns.ts';\nimport { ucs2length } from './ucs2length.ts';\nimport { isDateTime } from './date-time.ts';\n",
    declarations: [
      "import type { ValidateFunction } from 'ajv';",
      "import type { K8sProxyRequest, K8sProxyResponse, SessionMessage } from './types.ts';",
      'export declare const validateRequest: ValidateFunction<K8sProxyRequest>;',
      'export declare const validateResponse: ValidateFunction<K8sProxyResponse>;',
      'export declare const validateRequestV2: ValidateFunction<K8sProxyRequest>;',
      'export declare const validateResponseV2: ValidateFunction<K8sProxyResponse>;',
      ...SESSION_DEFS.map((d) => `export declare const validate${d}: ValidateFunction<SessionMessage>;`),
    ].join('\n'),
    async code() {
      const [request, response, requestV2, responseV2, session] = await Promise.all(this.sources.map(schema));
      const ajv = new Ajv2020({ ...common, allErrors: false, ownProperties: true, strict: true, strictRequired: false, code: { ...common.code, regExp: regExpEngine, formats: _`{"date-time": isDateTime}` } });
      // The one format the wire uses, checked by lib/protocol/date-time.ts (ajv-formats' full date-time rule).
      ajv.addFormat('date-time', () => true);
      for (const s of [request, response, requestV2, responseV2, session]) ajv.addSchema(s);
      const names: Record<string, string> = {
        validateRequest: request.$id,
        validateResponse: response.$id,
        validateRequestV2: requestV2.$id,
        validateResponseV2: responseV2.$id,
      };
      for (const d of SESSION_DEFS) names[`validate${d}`] = `${session.$id}#/$defs/${d}`;
      return standaloneCode(ajv, names);
    },
  },
  {
    file: 'lib/config/validator.generated.js',
    sources: ['schemas/config.schema.json'],
    header: "import { ucs2length } from '../protocol/ucs2length.ts';\n",
    declarations: ["import type { ValidateFunction } from 'ajv';", 'export declare const validateRawConfig: ValidateFunction;'].join('\n'),
    async code() {
      const config = await schema(this.sources[0]);
      const ajv = new Ajv({ ...common, allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
      ajv.addKeyword({ keyword: 'x-min-ms', schemaType: 'number' });
      ajv.addKeyword({ keyword: 'x-expect', schemaType: 'string' });
      ajv.addSchema(config, 'config');
      return standaloneCode(ajv, { validateRawConfig: 'config' });
    },
  },
];

const common = { code: { source: true, esm: true, lines: true } } satisfies Options;

function banner(output: Output): string {
  return `// GENERATED FILE - do not edit. Produced by \`npm run generate\` from ${output.sources.join(', ')}
// (scripts/generate-validators.ts); \`npm run generate:check\` fails when it is stale.`;
}

/** The files' expected text: path → content (each module and its declarations). */
export async function generateValidators(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const output of OUTPUTS) {
    let code = await output.code();
    // Standalone code names its runtime helpers by CommonJS require; the module imports its own instead.
    code = code.replaceAll('require("ajv/dist/runtime/ucs2length").default', 'ucs2length');
    code = code.replace(/^"use strict";/, '');
    if (/\brequire\(/.test(code)) throw new Error(`${output.file}: generated code still requires a module: ${/require\([^)]*\)/.exec(code)?.[0]}`);
    out.set(output.file, `${banner(output)}\n/* eslint-disable */\n${output.header}${code}\n`);
    out.set(output.file.replace(/\.js$/, '.d.ts'), `${banner(output)}\n${output.declarations}\n`);
  }
  return out;
}

async function run(args: string[]): Promise<number> {
  const files = await generateValidators();
  let stale = 0;
  for (const [file, expected] of files) {
    const target = new URL(file, root);
    if (args.includes('--check')) {
      const actual = await readFile(target, 'utf8').catch(() => '');
      if (actual !== expected) {
        process.stderr.write(`${file} is stale: run \`npm run generate\`\n`);
        stale++;
      }
    } else {
      await writeFile(target, expected);
    }
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await run(process.argv.slice(2));
}
