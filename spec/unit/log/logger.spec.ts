import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../../lib/log/logger.ts';
import { redactBody, redactHeaders } from '../../../lib/log/redact.ts';
import type { AgentConfig } from '../../../lib/config/types.ts';

const TOKEN = 'tok_9f8e7d6c5b4a';
const SECRET_B64 = 'aHVudGVyMg==';

function sink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter((l) => l !== ''));
      cb();
    },
  });
  return { stream, lines };
}

const logging = (over: Partial<AgentConfig['logging']> = {}): AgentConfig['logging'] => ({ level: 'info', format: 'json', output: 'stdout', ...over });

describe('createLogger', () => {
  for (const format of ['json', 'text'] as const) {
    describe(`format ${format}`, () => {
      it('writes a proxied request with Authorization and a Secret body without the token or the secret', () => {
        const { stream, lines } = sink();
        const log = createLogger(logging({ format }), { debug: true, destination: stream });
        const secret = Buffer.from(JSON.stringify({ kind: 'Secret', data: { password: SECRET_B64 } })).toString('base64');
        log.debug({ id: 'r1', headers: { Authorization: `Bearer ${TOKEN}` }, body: secret }, 'raw fields');
        log.debug({ id: 'r1', headers: redactHeaders({ authorization: `Bearer ${TOKEN}` }), body: redactBody('application/json', secret) }, 'request');
        log.info({ config: { pipeops: { token: TOKEN }, runners: [{ url: 'wss://r', token: TOKEN }] } }, 'config');
        log.error({ err: new Error(`upgrade refused for Bearer ${TOKEN}`) }, 'dial failed');
        log.warn(`header was Bearer ${TOKEN}`);
        const all = lines.join('\n');
        expect(lines.length).to.be.greaterThanOrEqual(5);
        expect(all).not.to.include(TOKEN);
        expect(all).not.to.include(SECRET_B64);
        expect(all).to.include('***');
      });
    });
  }

  it('writes one JSON object per line by default', () => {
    const { stream, lines } = sink();
    createLogger(logging(), { destination: stream }).info({ a: 1 }, 'hello');
    expect(JSON.parse(lines[0])).to.include({ level: 30, msg: 'hello', a: 1 });
  });

  it('writes a readable line in text format', () => {
    const { stream, lines } = sink();
    createLogger(logging({ format: 'text' }), { destination: stream }).warn({ stream_id: 's-1' }, 'slow reader');
    expect(lines[0]).to.match(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}slow reader stream_id=s-1$/);
  });

  it('honours the level, and debug lowers it', () => {
    const a = sink();
    createLogger(logging({ level: 'warn' }), { destination: a.stream }).info('hidden');
    expect(a.lines).to.deep.equal([]);
    const b = sink();
    createLogger(logging({ level: 'info' }), { debug: true, destination: b.stream }).debug('shown');
    expect(b.lines).to.have.length(1);
  });

  it('appends to a file output, creating its directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-log-'));
    try {
      const file = join(dir, 'sub', 'agent.log');
      const log = createLogger(logging({ output: file }));
      log.info('to a file');
      log.flush();
      expect(readFileSync(file, 'utf8')).to.include('"msg":"to a file"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
