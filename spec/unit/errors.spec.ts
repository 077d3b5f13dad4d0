import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { AgentError, ErrorCodes, isAgentError, type ErrorCode } from '../../lib/errors.ts';

describe('AgentError', () => {
  it('carries a stable code, its frame status and the cause', () => {
    const cause = new Error('root');
    const err = new AgentError('TOO_LARGE', 'too big', { cause });
    expect(err.code).to.equal('TOO_LARGE');
    expect(err.status).to.equal(413);
    expect(err.cause).to.equal(cause);
    expect(isAgentError(err, 'TOO_LARGE')).to.equal(true);
    expect(isAgentError(err, 'TIMEOUT')).to.equal(false);
    expect(isAgentError(new Error('x'))).to.equal(false);
  });

  it('has every code listed in docs/errors.md with its status', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ErrorCodes) as ErrorCode[]) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
      expect(row, `docs/errors.md lists ${code}`).to.be.a('string');
      const status = ErrorCodes[code].status;
      expect(row!.split('|')[2].trim()).to.equal(status === 0 ? '—' : String(status));
    }
  });
});
