// Static checks on lib/: every code in the registry (lib/errors.ts) is raised
// somewhere, and every frame that carries an agent error is built by
// lib/protocol/error-frames.ts, never by hand with a literal status.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '../../lib/errors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILDER = 'lib/protocol/error-frames.ts';

/** lib/'s own TypeScript, generated files left out. */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('.generated.')) out.push({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'lib'));
  return out;
}

/** Code lines (not comments) of `files` that match `re`, with their numbers. */
function hits(files: { file: string; text: string }[], re: RegExp): string[] {
  const comment = /^\s*(?:\/\/|\*|\/\*)/;
  return files.flatMap(({ file, text }) => text.split('\n').flatMap((line, i) => (!comment.test(line) && re.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
}

const LITERAL_ERROR_STATUS = /status_code:\s*[45]\d\d/;
const ERROR_CODE = /\berror_code\b/;
const HAND_DONE = /done: true.*\berror\b|\berror\b.*done: true|\b(?:done|frame|out)\.error\s*=/;

describe('error registry', () => {
  const lib = sources();
  const outside = lib.filter((f) => f.file !== 'lib/errors.ts');

  it('has every code raised somewhere in lib/: an AgentError built with it, or a log code checked against ErrorCode', () => {
    const raised = (code: string): boolean => {
      const made = new RegExp(`new AgentError\\(\\s*'${code}'`);
      const logged = new RegExp(`'${code}' satisfies ErrorCode\\b`);
      return outside.some(({ text }) => made.test(text) || logged.test(text));
    };
    const never = Object.keys(ErrorCodes).filter((code) => !raised(code));
    expect(never, 'codes in lib/errors.ts that nothing raises: raise them or remove them').to.deep.equal([]);
  });

  it('sees a code that is never raised (the scan itself can fail)', () => {
    const made = /new AgentError\(\s*'NO_SUCH_CODE'/;
    expect(outside.some(({ text }) => made.test(text))).to.equal(false);
    expect(outside.some(({ text }) => /new AgentError\(\s*'TOO_LARGE'/.test(text))).to.equal(true);
  });

  describe('frames with an agent error are built by ' + BUILDER + ' alone', () => {
    // lib/protocol/types.ts is generated from the schemas: it declares the field.
    const others = lib.filter((f) => f.file !== BUILDER && f.file !== 'lib/protocol/types.ts');

    it('has no literal error status (4xx, 5xx) on a frame outside it', () => {
      expect(hits(others, LITERAL_ERROR_STATUS)).to.deep.equal([]);
    });

    it('has no error_code outside it', () => {
      expect(hits(others, ERROR_CODE)).to.deep.equal([]);
    });

    it('has no done frame with an error written by hand outside it', () => {
      expect(hits(others, HAND_DONE)).to.deep.equal([]);
    });

    it('catches the hand-built frames it looks for', () => {
      const text = [
        "write(JSON.stringify({ id, status_code: 413, error: 'too big' }));",
        'const d = { id, stream: true, done: true, error: why, error_code: code };',
        'done.error = why;',
        '// a comment may say status_code: 413 and done: true with an error',
      ].join('\n');
      const sample = [{ file: 'sample.ts', text }];
      expect(hits(sample, LITERAL_ERROR_STATUS)).to.have.length(1);
      expect(hits(sample, ERROR_CODE)).to.have.length(1);
      expect(hits(sample, HAND_DONE)).to.have.length(2);
    });
  });
});
