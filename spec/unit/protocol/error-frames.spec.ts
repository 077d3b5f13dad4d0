import { expect } from 'chai';
import { AgentError, ErrorCodes, type ErrorCode, type FrameErrorCode } from '../../../lib/errors.ts';
import { acknowledgeFrame, errorFrame, streamEndFrame } from '../../../lib/protocol/error-frames.ts';
import { validateResponse } from '../../../lib/protocol/validate.ts';

const parse = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

describe('error frames', () => {
  it('take the status from the registry, error_code from the code and error from the message', () => {
    expect(parse(errorFrame('a', new AgentError('POLICY_REFUSED', 'refused by policy: no')))).to.deep.equal({
      id: 'a',
      status_code: 403,
      error_code: 'POLICY_REFUSED',
      error: 'refused by policy: no',
    });
    expect(parse(errorFrame('b', new AgentError('CANCELLED', 'cancelled')))).to.include({ status_code: 499, error_code: 'CANCELLED' });
  });

  it('answer a stream request with a done frame keyed by id, without a stream_id', () => {
    const frame = parse(errorFrame('a', new AgentError('TOO_MANY_STREAMS', 'slow'), { stream: true, headers: { 'Retry-After': '1' } }));
    expect(frame).to.deep.equal({
      id: 'a',
      status_code: 429,
      headers: { 'Retry-After': '1' },
      error_code: 'TOO_MANY_STREAMS',
      error: 'slow',
      stream: true,
      done: true,
    });
  });

  it('end a started stream with its stream_id, and error_code only when it ended abnormally', () => {
    expect(parse(streamEndFrame('a', 's-1'))).to.deep.equal({ id: 'a', stream: true, stream_id: 's-1', done: true });
    expect(parse(streamEndFrame('a', 's-1', new AgentError('WINDOW_EXCEEDED', 'flow control: window exceeded')))).to.deep.equal({
      id: 'a',
      stream: true,
      stream_id: 's-1',
      done: true,
      error_code: 'WINDOW_EXCEEDED',
      error: 'flow control: window exceeded',
    });
  });

  it('are valid response frames in both protocol versions, for every code that reaches the wire', () => {
    const codes = (Object.keys(ErrorCodes) as ErrorCode[]).filter((c): c is FrameErrorCode => ErrorCodes[c].status !== 0);
    expect(codes).to.include.members(['FRAME_INVALID', 'CANCELLED', 'RESPONSE_TOO_LARGE']);
    for (const code of codes) {
      const err = new AgentError(code, ErrorCodes[code].text);
      for (const text of [errorFrame('x', err), errorFrame('x', err, { stream: true }), streamEndFrame('x', 's', err), acknowledgeFrame('x')]) {
        for (const version of [1, 2] as const) expect(validateResponse(parse(text), version), `${code} v${version}: ${text}`).to.include({ ok: true });
      }
    }
  });

  it('are refused by the schema with an error_code but no error text, or a code that is not one', () => {
    expect(validateResponse({ id: 'a', status_code: 400, error_code: 'FRAME_INVALID' }).ok).to.equal(false);
    expect(validateResponse({ id: 'a', status_code: 400, error_code: 'frame invalid', error: 'x' }).ok).to.equal(false);
  });
});
