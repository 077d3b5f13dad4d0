// Validation must not compile anything per frame: ajv turns schemas into code with `new Function`, which is slow
// and, per frame, would let a busy socket grow memory without bound. The validators are built at module load.
import { expect } from 'chai';
import sinon from 'sinon';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseInbound, validateResponse } from '../../../lib/protocol/validate.ts';

const FRAMES = [
  '{"id":"list-pods-123","method":"GET","path":"/api/v1/namespaces/default/pods","headers":{"Accept":"application/json"}}',
  '{"id":"w","method":"GET","path":"/api/v1/pods","query":{"watch":["true"]},"stream":true}',
  '{"id":"c","method":"CANCEL","stream_id":"s-1"}',
  '{"id":"bad","method":"get","path":"/api"}',
  '{"type":"registered","id":"reg-1","payload":{"cluster_id":"cl-1"}}',
  '{"type":"heartbeat_ack"}',
  '{"type":"runners","payload":{"runners":"nope"}}',
  '{"type":"reboot"}',
  'not json',
];

describe('protocol validators', () => {
  afterEach(() => sinon.restore());

  it('compile nothing while frames are parsed', () => {
    const generated = sinon.spy(globalThis, 'Function');
    const proto = Ajv2020.prototype;
    const compile = sinon.spy(proto, 'compile');
    const getSchema = sinon.spy(proto, 'getSchema');
    const addSchema = sinon.spy(proto, 'addSchema');
    const validate = sinon.spy(proto, 'validate');

    for (let i = 0; i < 10_000; i++) parseInbound(FRAMES[i % FRAMES.length]);
    validateResponse({ id: 'x', status_code: 200 });

    expect(generated.callCount, 'new Function calls').to.equal(0);
    expect(compile.callCount + getSchema.callCount + addSchema.callCount + validate.callCount).to.equal(0);
  });

  it('would notice a schema compiled per frame', () => {
    // The spies above are able to fail: compiling any schema goes through them.
    const generated = sinon.spy(globalThis, 'Function');
    new Ajv2020().compile({ type: 'object' });
    expect(generated.callCount).to.be.above(0);
  });
});
