import { expect } from 'chai';
import { decodeBinary, encodeBinary, outboundLength } from '../../../lib/protocol/binary-frame.ts';
import { parseBinaryInbound } from '../../../lib/protocol/validate.ts';

const join = (m: ReturnType<typeof encodeBinary>): Buffer => Buffer.concat(m.parts);

describe('binary frames (protocol v2)', () => {
  describe('encodeBinary', () => {
    it('writes the JSON length big-endian, the JSON, then the body untouched', () => {
      const body = Buffer.from([0, 1, 2, 255]);
      const m = encodeBinary({ id: 'a', status_code: 200 }, body);
      const bytes = join(m);
      const json = '{"id":"a","status_code":200}';
      expect(bytes.readUInt32BE(0)).to.equal(json.length);
      expect(bytes.subarray(4, 4 + json.length).toString()).to.equal(json);
      expect(bytes.subarray(4 + json.length)).to.deep.equal(body);
      expect(m.parts[1]).to.equal(body);
      expect(outboundLength(m)).to.equal(bytes.length);
    });

    it('has one part and no rest without a body', () => {
      const m = encodeBinary({ id: 'b' }, undefined);
      expect(m.parts).to.have.length(1);
      expect(decodeBinary(join(m))).to.deep.include({ ok: true, json: '{"id":"b"}' });
    });

    it('counts a multi-byte JSON part in bytes, not characters', () => {
      const m = encodeBinary({ id: 'ü-€' }, Buffer.from('x'));
      const d = decodeBinary(join(m));
      expect(d.ok && JSON.parse(d.json)).to.deep.equal({ id: 'ü-€' });
      expect(d.ok && d.body.toString()).to.equal('x');
    });
  });

  describe('decodeBinary', () => {
    it('refuses a message shorter than its header', () => {
      expect(decodeBinary(Buffer.from([0, 0, 0]))).to.deep.include({ ok: false });
    });

    it('refuses a header length past the end of the message', () => {
      const d = decodeBinary(Buffer.concat([Buffer.from([0, 0, 0, 9]), Buffer.from('{}')]));
      expect(d.ok).to.equal(false);
      expect(!d.ok && d.error).to.match(/runs past the end/);
    });
  });

  describe('parseBinaryInbound', () => {
    it('gives the request with its body as bytes', () => {
      const inbound = parseBinaryInbound(join(encodeBinary({ id: 'r', method: 'DATA', stream_id: 's' }, Buffer.from('hi'))));
      expect(inbound.kind).to.equal('request');
      expect(inbound.kind === 'request' && inbound.body?.toString()).to.equal('hi');
    });

    it('refuses a JSON part that carries body, naming the frame', () => {
      const inbound = parseBinaryInbound(join(encodeBinary({ id: 'x', method: 'GET', path: '/version', body: 'aGk=' }, undefined)));
      expect(inbound).to.deep.include({ kind: 'invalid', id: 'x' });
    });

    it('holds the JSON part to the v2 schema', () => {
      const inbound = parseBinaryInbound(join(encodeBinary({ id: 'y', method: 'GET' }, undefined)));
      expect(inbound).to.deep.include({ kind: 'invalid', id: 'y' });
    });

    it('recovers the id of a truncated JSON part when it leads', () => {
      const json = Buffer.from('{"id":"cut","method":"GET"');
      const bytes = Buffer.concat([Buffer.from([0, 0, 1, 0]), json]);
      expect(parseBinaryInbound(bytes)).to.deep.include({ kind: 'invalid', id: 'cut' });
    });
  });
});
