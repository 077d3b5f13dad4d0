// StreamHandle on its own: the bounded chunk queue that turns a slow Runner into backpressure.
import { expect } from 'chai';
import type { K8sProxyResponse } from '../../../lib/protocol/types.ts';
import { StreamHandle } from '../../../examples/reference/stream-handle.ts';

function handle(highWaterChunks: number) {
  const pressure: boolean[] = [];
  const cancels: string[] = [];
  const h = new StreamHandle(
    'w1',
    's-w1',
    {
      cancel: (streamId) => {
        cancels.push(streamId);
        return Promise.resolve({ id: 'c1', status_code: 200 });
      },
      pressure: (_h, on) => pressure.push(on),
    },
    { highWaterChunks },
  );
  return { h, pressure, cancels };
}

const chunk = (n: number): K8sProxyResponse => ({ id: 'w1', stream: true, stream_id: 's-w1', chunk: true, body: Buffer.from(String(n)).toString('base64') });

describe('StreamHandle', () => {
  describe('backpressure', () => {
    it('asks to stop reading at the high-water mark and to resume once half drained', async () => {
      const { h, pressure } = handle(4);
      h.handleFrame({ id: 'w1', stream: true, stream_id: 's-w1', status_code: 200 });
      for (let n = 0; n < 3; n++) h.handleFrame(chunk(n));
      expect(pressure).to.deep.equal([]);
      h.handleFrame(chunk(3));
      expect(pressure).to.deep.equal([true]);
      h.handleFrame(chunk(4));
      expect(pressure).to.deep.equal([true]);
      expect(h.buffered).to.equal(5);
      await h.next();
      await h.next();
      expect(pressure).to.deep.equal([true]);
      await h.next();
      expect(pressure).to.deep.equal([true, false]);
    });

    it('lets go of the socket when the stream ends, read or not', () => {
      const { h, pressure } = handle(2);
      h.handleFrame(chunk(0));
      h.handleFrame(chunk(1));
      h.handleFrame({ id: 'w1', stream: true, stream_id: 's-w1', done: true });
      expect(pressure).to.deep.equal([true, false]);
      expect(h.buffered).to.equal(2);
    });
  });

  describe('order', () => {
    it('yields chunks in arrival order, waiting for the next one', async () => {
      const { h } = handle(64);
      const reading = (async () => {
        const seen: string[] = [];
        for await (const c of h) seen.push(c.data.toString());
        return seen;
      })();
      h.handleFrame({ id: 'w1', stream: true, stream_id: 's-w1', status_code: 200 });
      for (let n = 0; n < 3; n++) {
        await new Promise((resolve) => setImmediate(resolve));
        h.handleFrame(chunk(n));
      }
      h.handleFrame({ id: 'w1', stream: true, stream_id: 's-w1', done: true });
      expect(await reading).to.deep.equal(['0', '1', '2']);
    });
  });

  describe('cancel', () => {
    it('names the stream id from the start frame, and does nothing once ended', async () => {
      const { h, cancels } = handle(64);
      h.handleFrame({ id: 'w1', stream: true, stream_id: 'agent-7', status_code: 200 });
      await h.cancel();
      expect(cancels).to.deep.equal(['agent-7']);
      h.handleFrame({ id: 'w1', stream: true, stream_id: 'agent-7', done: true, error: 'cancelled' });
      expect(await h.cancel()).to.equal(undefined);
      expect(cancels).to.have.length(1);
    });
  });
});
