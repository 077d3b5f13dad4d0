// Counts a string in code points, as JSON Schema's maxLength and minLength do (a surrogate pair is one).
// The generated validators call it; ajv's own copy would keep ajv a production dependency.
export function ucs2length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++, length++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return length;
}
