// The regular-expression engine the validators use. The schemas state base64 as the portable pattern
// `^(?:[A-Za-z0-9+/]{4})*(...)?$`, which RE2-style engines match in linear time; V8 instead pushes a backtrack entry
// per group and overflows its stack on a body of a few megabytes. The agent therefore checks that one pattern with
// an equivalent linear test and hands every other pattern to RegExp.
import type { RegExpEngine, RegExpLike } from 'ajv/dist/types/index.js';

export const BASE64_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

// A single-character class loop: V8 runs it without a backtrack stack.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 with padding (RFC 4648 §4): the same strings BASE64_PATTERN matches. */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_CHARS.test(text);
}

// ajv keys compiled patterns by toString(), so the matcher names its pattern.
const base64Matcher: RegExpLike & { toString: () => string } = { test: isBase64, toString: () => `/${BASE64_PATTERN}/` };

function patternEngine(pattern: string, flags: string): RegExpLike {
  return pattern === BASE64_PATTERN ? base64Matcher : new RegExp(pattern, flags);
}

export const regExpEngine: RegExpEngine = Object.assign(patternEngine, { code: 'patternEngine' });
