// The configuration schema (schemas/config.schema.json), its generated validator, and the
// list of settable keys derived from it. Env var names are looked up in that
// list, never derived by splitting a name: keys contain underscores.
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../schemas/config.schema.json' with { type: 'json' };
import { validateRawConfig as generatedValidator } from './validator.generated.js';

/** `list`: an array of strings, settable from the environment as a comma-separated value; `array`: file only. */
export type KeyType = 'string' | 'boolean' | 'integer' | 'number' | 'duration' | 'map' | 'list' | 'array';

export interface KeySpec {
  /** Dotted key, e.g. `pipeops.tls.insecure_skip_verify`. */
  key: string;
  /** `PIPEOPS_<SECTION>_<KEY>`; undefined for keys that only the file can set. */
  env: string | undefined;
  type: KeyType;
  /** The default as written in a file (durations as strings); undefined when computed at load time. */
  default: unknown;
  description: string;
  secret: boolean;
  enum: readonly string[] | undefined;
  /** Smallest accepted value of a duration, in milliseconds. */
  minMs: number | undefined;
}

interface SchemaNode {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  default?: unknown;
  description?: string;
  writeOnly?: boolean;
  enum?: string[];
  'x-min-ms'?: number;
  items?: SchemaNode;
}

export const configSchema = schema as unknown as SchemaNode & Record<string, unknown>;

/**
 * Validates a raw configuration (file values, env and flag values after coercion). Generated from the schema by
 * `npm run generate` (all errors, verbose: each error carries its schema node, whose x-expect the messages use).
 */
export const validateRawConfig: ValidateFunction = generatedValidator;
export type { ErrorObject };

function resolve(node: SchemaNode): SchemaNode {
  const name = node.$ref?.replace('#/definitions/', '');
  const definitions = configSchema.definitions as Record<string, SchemaNode> | undefined;
  return name !== undefined && definitions?.[name] !== undefined ? { ...definitions[name], ...node } : node;
}

function keyType(raw: SchemaNode): KeyType {
  if (raw.$ref === '#/definitions/duration') return 'duration';
  const node = resolve(raw);
  if (node.type === 'object') return 'map';
  if (node.type === 'array') return node.items?.type === 'string' ? 'list' : 'array';
  if (node.type === 'boolean' || node.type === 'integer' || node.type === 'number') return node.type;
  return 'string';
}

function walk(node: SchemaNode, prefix: string[], out: KeySpec[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = [...prefix, name];
    if (child.type === 'object' && child.properties !== undefined) {
      walk(child, path, out);
      continue;
    }
    const type = keyType(child);
    out.push({
      key: path.join('.'),
      env: type === 'array' ? undefined : `PIPEOPS_${path.join('_').toUpperCase()}`,
      type,
      default: child.default,
      description: child.description ?? '',
      secret: child.writeOnly === true,
      enum: child.enum,
      minMs: child['x-min-ms'],
    });
  }
}

const specs: KeySpec[] = [];
walk(configSchema, [], specs);

/** Every leaf key of the configuration, in schema order. */
export const KEY_SPECS: readonly KeySpec[] = Object.freeze(specs);
export const KEY_BY_NAME: ReadonlyMap<string, KeySpec> = new Map(specs.map((s) => [s.key, s]));
export const KEY_BY_ENV: ReadonlyMap<string, KeySpec> = new Map(
  specs.filter((s) => s.env !== undefined).map((s) => [s.env!, s]),
);
