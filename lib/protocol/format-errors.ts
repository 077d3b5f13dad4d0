// Turns ajv's errors into one line a sender can act on: the field (JSON pointer) and the rule it broke.
// The most specific error wins; the wrappers ajv adds around it (if/then, oneOf, propertyNames) only add
// context. Messages never echo field values, only field names, and are kept printable and short.
import type { ErrorObject } from 'ajv';

const MAX_MESSAGE = 512;
const MAX_NAME = 128;

/** Rules behind the schemas' patterns, by pattern source. */
const PATTERN_RULES: ReadonlyMap<string, string> = new Map([
  ['^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', 'must be base64'],
  ["^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", 'must be an HTTP token'],
  ['^[^\\r\\n\\u0000]*$', 'must not contain CR, LF or NUL'],
  ['^wss?://[^\\s]+$', 'must be a ws:// or wss:// URL'],
]);

const FORMAT_RULES: ReadonlyMap<string, string> = new Map([['date-time', 'must be an RFC 3339 date-time']]);

/** Keywords that only wrap the error that explains the failure. */
const WRAPPERS = new Set(['if', 'oneOf', 'anyOf', 'allOf', 'propertyNames', 'discriminator']);

/**
 * One readable line for a failed validation, e.g. `/query/watch must be array`. Given the schema that was
 * validated against, a rule that only applies under an if/then/else says so: `... when method is not CANCEL`.
 */
export function formatErrors(errors: readonly ErrorObject[] | null | undefined, schema?: unknown): string {
  if (errors === null || errors === undefined || errors.length === 0) return 'is invalid';
  const main = errors.find((e) => !WRAPPERS.has(e.keyword)) ?? errors[0];
  return printable(describe(main) + conditionText(main.schemaPath, schema));
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const at = e.instancePath;
  const subject = (text: string): string => (at === '' ? text : `${at} ${text}`);
  if (e.propertyName !== undefined) {
    return subject(`property name ${JSON.stringify(clip(e.propertyName))} ${rule(e)}`);
  }
  switch (e.keyword) {
    case 'required':
      return subject(`must have required property '${String(params.missingProperty)}'`);
    case 'additionalProperties':
      return `${at}/${pointerToken(String(params.additionalProperty))} is not allowed`;
    case 'type':
      if (at === '' && params.type === 'object') return 'frame must be an object';
      return subject(rule(e));
    default:
      return subject(rule(e));
  }
}

/** The rule alone, without the field: "must be base64", "must be one of GET, POST". */
function rule(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${String(params.type)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'pattern':
      return PATTERN_RULES.get(String(params.pattern)) ?? `must match pattern ${String(params.pattern)}`;
    case 'format':
      return FORMAT_RULES.get(String(params.format)) ?? `must be a ${String(params.format)}`;
    case 'not':
      return 'is not allowed';
    case 'oneOf':
    case 'anyOf':
      return 'must match one of the allowed shapes';
    default:
      return e.message ?? 'is invalid';
  }
}

/**
 * " when method is CANCEL" for a rule under `then`/`else` whose `if` is a single `const`, found by walking the
 * error's schema path in the schema.
 */
function conditionText(schemaPath: string, schema: unknown): string {
  if (!schemaPath.startsWith('#/') || typeof schema !== 'object' || schema === null) return '';
  const segments = schemaPath.slice(2).split('/');
  const branch = Math.max(segments.lastIndexOf('then'), segments.lastIndexOf('else'));
  if (branch < 0) return '';
  let node: unknown = schema;
  for (const segment of segments.slice(0, branch)) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  const cond = (node as { if?: { properties?: Record<string, { const?: unknown }> } } | undefined)?.if;
  const props = cond?.properties === undefined ? [] : Object.entries(cond.properties);
  if (props.length !== 1 || !('const' in props[0][1])) return '';
  const [name, { const: value }] = props[0];
  return ` when ${name} is ${segments[branch] === 'else' ? 'not ' : ''}${String(value)}`;
}

function pointerToken(name: string): string {
  return clip(name).replaceAll('~', '~0').replaceAll('/', '~1');
}

function clip(text: string): string {
  return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME)}…` : text;
}

/** Control characters from field names are escaped so the message is one safe log line. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE)}…` : escaped;
}
