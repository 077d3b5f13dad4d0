import { expect } from 'chai';
import { DataWindow } from '../../../lib/proxy/data-window.ts';

describe('DataWindow', () => {
  function opened(size: number): { w: DataWindow; written: (() => void)[]; grants: number[]; bytes: Buffer[] } {
    const w = new DataWindow(size);
    const written: (() => void)[] = [];
    const grants: number[] = [];
    const bytes: Buffer[] = [];
    w.open((b, done) => {
      bytes.push(b);
      written.push(done);
    }, (n) => grants.push(n));
    return { w, written, grants, bytes };
  }

  it('refuses bytes before it is opened (no window granted yet)', () => {
    expect(new DataWindow(10).push(Buffer.from('x'))).to.equal(false);
  });

  it('takes bytes up to the window and refuses the byte past it', () => {
    const { w, bytes } = opened(10);
    expect(w.push(Buffer.alloc(6))).to.equal(true);
    expect(w.push(Buffer.alloc(4))).to.equal(true);
    expect(w.push(Buffer.alloc(1))).to.equal(false);
    expect(bytes.map((b) => b.length)).to.deep.equal([6, 4]);
  });

  it('grants at once when everything sent has gone through (an interactive keystroke)', () => {
    const { w, written, grants } = opened(1024);
    w.push(Buffer.from('a'));
    written.shift()?.();
    expect(grants).to.deep.equal([1]);
  });

  it('grants in batches of a quarter window while bytes keep coming', () => {
    const { w, written, grants } = opened(400);
    for (let i = 0; i < 4; i++) w.push(Buffer.alloc(50));
    written.shift()?.();
    expect(grants).to.deep.equal([]);
    written.shift()?.();
    expect(grants).to.deep.equal([100]);
  });

  it('counts bytes through but not yet granted against the window, as the peer does', () => {
    const { w, written } = opened(400);
    for (let i = 0; i < 4; i++) expect(w.push(Buffer.alloc(50))).to.equal(true);
    written.shift()?.(); // 50 through, not yet granted: the peer still counts 200 outstanding
    expect(w.push(Buffer.alloc(201))).to.equal(false);
    expect(w.push(Buffer.alloc(200))).to.equal(true);
  });

  it('drops bytes once closed', () => {
    const { w, bytes } = opened(10);
    w.close();
    expect(w.push(Buffer.from('x'))).to.equal(false);
    expect(bytes).to.deep.equal([]);
  });
});
