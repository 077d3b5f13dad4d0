import { expect } from 'chai';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { FRAME_ENCODERS } from '../../../lib/protocol/response-frames.ts';
import { pumpStream, type ResponseBody } from '../../../lib/proxy/response-pump.ts';
import { negotiateWatch, watchAccept, watchStartHeaders } from '../../../lib/proxy/watch-framing.ts';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

describe('watch framing', () => {
  describe('watchAccept', () => {
    it('sends an all-JSON Accept unchanged, Table requests included', () => {
      expect(watchAccept(TABLE)).to.equal(TABLE);
      expect(watchAccept('application/json')).to.equal('application/json');
    });

    it('asks for JSON when there is no Accept', () => {
      expect(watchAccept(undefined)).to.equal('application/json');
      expect(watchAccept('  ')).to.equal('application/json');
    });

    it('keeps only the JSON ranges, in the client order, when the client accepts protobuf too', () => {
      expect(watchAccept(`${PROTOBUF}, application/json`)).to.equal('application/json');
      expect(watchAccept(`${PROTOBUF};as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1;g=meta.k8s.io, application/json`)).to.equal(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      );
      expect(watchAccept('application/cbor, application/json')).to.equal('application/json');
    });

    it('reads wildcards as JSON, the API server default', () => {
      expect(watchAccept('*/*')).to.equal('application/json');
      expect(watchAccept(`${PROTOBUF}, application/*;q=0.5`)).to.equal('application/json');
    });

    it('keeps protobuf when the client accepts nothing the agent can send as JSON', () => {
      expect(watchAccept(PROTOBUF)).to.equal(PROTOBUF);
      expect(watchAccept(`${PROTOBUF}, application/json;q=0`)).to.equal(PROTOBUF);
    });

    it('falls back to JSON for a client that accepts neither (YAML or CBOR only)', () => {
      expect(watchAccept('application/yaml')).to.equal('application/json');
      expect(watchAccept('application/cbor')).to.equal('application/json');
    });
  });

  it('asks for an uncompressed watch whatever Accept-Encoding the frame had', () => {
    const headers: Record<string, string> = { accept: `${PROTOBUF}, application/json`, 'accept-encoding': 'gzip' };
    negotiateWatch(headers);
    expect(headers).to.deep.equal({ accept: 'application/json', 'accept-encoding': 'identity' });
  });

  it('drops Content-Encoding from a watch start frame, whose chunks are decoded', () => {
    expect(watchStartHeaders({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })).to.deep.equal({ 'Content-Type': 'application/json' });
  });

  describe('pumpStream of a watch', () => {
    // A synthetic body: the API server is asked for identity bytes, so a compressed
    // watch only comes from something in between that ignores Accept-Encoding.
    async function pump(bytes: Buffer[], contentType: string, contentEncoding?: string): Promise<string[]> {
      const chunks: string[] = [];
      const body = Readable.from(bytes) as unknown as ResponseBody;
      await pumpStream(body, {
        id: 'w',
        streamId: 'w',
        frames: FRAME_ENCODERS[1],
        sink: {
          write: (data) => {
            const frame = JSON.parse(typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as { body: string };
            chunks.push(Buffer.from(frame.body, 'base64').toString('hex'));
            return Promise.resolve();
          },
        },
        watch: true,
        contentType,
        contentEncoding,
        maxEventBytes: 1 << 20,
        onData: () => {},
      });
      return chunks;
    }
    const hex = (s: string): string => Buffer.from(s).toString('hex');

    it('decodes a gzip watch before cutting it into events', async () => {
      const events = Array.from({ length: 50 }, (_, i) => `{"type":"ADDED","object":{"kind":"Table","rows":[{"cells":["n-${i}"]}]}}`);
      const gz = gzipSync(events.map((e) => e + '\n').join(''));
      // Cut the compressed bytes where newline bytes fall in them, as a naive splitter would.
      const parts: Buffer[] = [];
      let prev = 0;
      for (let i = gz.indexOf(0x0a); i !== -1; i = gz.indexOf(0x0a, i + 1)) {
        parts.push(gz.subarray(prev, i + 1));
        prev = i + 1;
      }
      parts.push(gz.subarray(prev));
      expect(await pump(parts, 'application/json;as=Table;v=v1;g=meta.k8s.io', 'gzip')).to.deep.equal(events.map(hex));
    });

    it('cuts a protobuf watch at its length prefixes', async () => {
      const a = Buffer.from('k8s\0event-one\n');
      const b = Buffer.from('k8s\0event-two');
      const framed = Buffer.concat([Buffer.from([0, 0, 0, a.length]), a, Buffer.from([0, 0, 0, b.length]), b]);
      expect(await pump([framed.subarray(0, 3), framed.subarray(3, 20), framed.subarray(20)], `${PROTOBUF};stream=watch`)).to.deep.equal([
        a.toString('hex'),
        b.toString('hex'),
      ]);
    });

    it('ends the stream with an error for an encoding it cannot decode', async () => {
      let failure: unknown;
      await pump([Buffer.from('x')], 'application/json', 'compress').catch((err: unknown) => (failure = err));
      expect(String(failure)).to.match(/Content-Encoding compress/);
    });
  });
});
