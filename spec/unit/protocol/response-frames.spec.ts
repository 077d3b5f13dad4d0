import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { chunkFrame } from '../../../lib/protocol/response-frames.ts';
import { validateResponse } from '../../../lib/protocol/validate.ts';

describe('response frames', () => {
  it('builds a chunk frame that is the JSON a Runner expects', () => {
    for (const size of [0, 1, 2, 3, 4, 1000, 65536]) {
      const body = randomBytes(size);
      const frame = chunkFrame('id "quoted"', 's-1', body);
      const parsed = JSON.parse(frame.toString('utf8')) as Record<string, unknown>;
      expect(parsed).to.deep.equal({ id: 'id "quoted"', stream: true, stream_id: 's-1', chunk: true, body: body.toString('base64') });
      expect(validateResponse(parsed).ok).to.equal(true);
    }
  });
});
