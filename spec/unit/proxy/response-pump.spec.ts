// pumpStream of a plain (non-watch) body: the chunks it cuts follow the size
// the sink asks for, read again before every chunk, within the protocol's 64 KiB.
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { FRAME_ENCODERS } from '../../../lib/protocol/response-frames.ts';
import { MAX_CHUNK_BYTES, pumpStream, type ChunkSink } from '../../../lib/proxy/response-pump.ts';

/** Pumps `bytes` (read in one piece) into a sink; returns the body length of each chunk frame. */
async function chunkSizes(bytes: Buffer, chunkBytes?: (sent: number) => number): Promise<number[]> {
  const sizes: number[] = [];
  const sink: ChunkSink = {
    write: (data) => {
      const frame = JSON.parse(typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as { body: string };
      sizes.push(Buffer.from(frame.body, 'base64').length);
      return Promise.resolve();
    },
    ...(chunkBytes ? { chunkBytes: () => chunkBytes(sizes.length) } : {}),
  };
  await pumpStream(Readable.from([bytes]), {
    id: 'l',
    streamId: 'l',
    frames: FRAME_ENCODERS[1],
    sink,
    watch: false,
    maxEventBytes: 1 << 20,
    onData: () => {},
  });
  return sizes;
}

describe('pumpStream of a plain body', () => {
  it('cuts 64 KiB chunks when the sink states no size', async () => {
    expect(await chunkSizes(Buffer.alloc(150_000, 1))).to.deep.equal([MAX_CHUNK_BYTES, MAX_CHUNK_BYTES, 150_000 - 2 * MAX_CHUNK_BYTES]);
  });

  it('cuts the chunks the sink asks for, asking again before each', async () => {
    // 16 KiB for the first two chunks (a slow path), then 40,000 bytes (it sped up).
    const sizes = await chunkSizes(Buffer.alloc(100_000, 1), (sent) => (sent < 2 ? 16 * 1024 : 40_000));
    expect(sizes).to.deep.equal([16_384, 16_384, 40_000, 100_000 - 32_768 - 40_000]);
  });
});
