import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSink } from '../../../lib/audit/sink.ts';
import { isAgentError } from '../../../lib/errors.ts';

describe('FileSink', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pipeops-audit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its directory and appends to an existing file', async () => {
    const path = join(dir, 'a', 'b', 'audit.log');
    let sink = await FileSink.open({ path, maxBytes: 1024, maxFiles: 2 });
    await sink.write(Buffer.from('one\n'));
    await sink.close();
    sink = await FileSink.open({ path, maxBytes: 1024, maxFiles: 2 });
    await sink.write(Buffer.from('two\n'));
    await sink.close();
    expect(readFileSync(path, 'utf8')).to.equal('one\ntwo\n');
  });

  it('rotates before a batch would pass max_file_bytes and keeps max_files old files', async () => {
    const path = join(dir, 'audit.log');
    const sink = await FileSink.open({ path, maxBytes: 10, maxFiles: 2 });
    for (const line of ['aaaaaaa\n', 'bbbbbbb\n', 'ccccccc\n', 'ddddddd\n']) await sink.write(Buffer.from(line));
    await sink.close();
    expect(readFileSync(path, 'utf8')).to.equal('ddddddd\n');
    expect(readFileSync(`${path}.1`, 'utf8')).to.equal('ccccccc\n');
    expect(readFileSync(`${path}.2`, 'utf8')).to.equal('bbbbbbb\n');
    expect(existsSync(`${path}.3`)).to.equal(false);
  });

  it('counts the existing file towards the size at start-up', async () => {
    const path = join(dir, 'audit.log');
    writeFileSync(path, 'x'.repeat(9));
    const sink = await FileSink.open({ path, maxBytes: 10, maxFiles: 1 });
    await sink.write(Buffer.from('yy\n'));
    await sink.close();
    expect(readFileSync(`${path}.1`, 'utf8')).to.equal('x'.repeat(9));
  });

  it('rejects a write on a full disk (/dev/full), without rotating the device', async () => {
    const sink = await FileSink.open({ path: '/dev/full', maxBytes: 4096, maxFiles: 1 });
    for (let i = 0; i < 3; i++) {
      const err = await sink.write(Buffer.from('x'.repeat(3000))).then(() => undefined, (e: NodeJS.ErrnoException) => e);
      expect(err?.code).to.equal('ENOSPC');
    }
    await sink.close();
    expect(existsSync('/dev/full.1')).to.equal(false);
  });

  it('fails to open with CONFIG_INVALID naming audit.output', async () => {
    writeFileSync(join(dir, 'file'), '');
    const err = await FileSink.open({ path: join(dir, 'file', 'audit.log'), maxBytes: 4096, maxFiles: 1 }).then(() => undefined, (e: unknown) => e);
    expect(isAgentError(err, 'CONFIG_INVALID')).to.equal(true);
    expect((err as Error).message).to.match(/^audit\.output: ".*audit\.log" cannot be opened for writing: E[A-Z]+$/);
  });
});
