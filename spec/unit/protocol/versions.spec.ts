// The v2 frame schemas extend v1's, field for field: v1's types are generated from v2's, so a drift between
// the two would let a v1 peer see (or send) what v1 does not have.
import { expect } from 'chai';
import v1Request from '../../../schemas/frame-request.schema.json' with { type: 'json' };
import v1Response from '../../../schemas/frame-response.schema.json' with { type: 'json' };
import v2Request from '../../../schemas/frame-request.v2.schema.json' with { type: 'json' };
import v2Response from '../../../schemas/frame-response.v2.schema.json' with { type: 'json' };
import { validateRequest, validateResponse } from '../../../lib/protocol/validate.ts';

type Schema = { properties: Record<string, { description?: string }> };
const withoutDescriptions = (p: unknown): unknown => JSON.parse(JSON.stringify(p, (k, v: unknown) => (k === 'description' ? undefined : v)));

describe('protocol versions', () => {
  for (const [name, v1, v2, added] of [
    ['request', v1Request, v2Request, ['upgrade']],
    ['response', v1Response, v2Response, ['window']],
  ] as const) {
    it(`the v2 ${name} schema has every v1 field unchanged, plus ${added.join(', ')}`, () => {
      const a = (v1 as unknown as Schema).properties;
      const b = (v2 as unknown as Schema).properties;
      expect(Object.keys(b).sort()).to.deep.equal([...Object.keys(a), ...added].sort());
      for (const key of Object.keys(a)) {
        if (key === 'method') continue;
        expect(withoutDescriptions(b[key]), key).to.deep.equal(withoutDescriptions(a[key]));
      }
    });
  }

  it('v1 refuses upgrade, DATA and window; v2 takes them', () => {
    const upgrade = { id: 'u', method: 'GET', path: '/api/v1/namespaces/n/pods/p/exec', stream: true, upgrade: true };
    const data = { id: 'u', method: 'DATA', stream_id: 's', body: 'aGk=' };
    expect(validateRequest(upgrade, 1).ok).to.equal(false);
    expect(validateRequest(data, 1).ok).to.equal(false);
    expect(validateRequest(upgrade, 2).ok).to.equal(true);
    expect(validateRequest(data, 2).ok).to.equal(true);
    const grant = { id: 'u', stream: true, stream_id: 's', window: 4096 };
    expect(validateResponse(grant, 1).ok).to.equal(false);
    expect(validateResponse(grant, 2).ok).to.equal(true);
  });

  it('v2 requires stream with upgrade, and a stream_id on DATA', () => {
    expect(validateRequest({ id: 'u', method: 'GET', path: '/x', upgrade: true }, 2)).to.deep.include({ ok: false });
    expect(validateRequest({ id: 'u', method: 'DATA' }, 2)).to.deep.include({ ok: false });
  });
});
