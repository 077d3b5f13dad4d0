// Static checks on lib/'s shape: its modules depend on each other one way
// (no cycle between its directories), the leaf modules at its root import
// nothing of lib/, nothing below the composition root imports it, and every
// file holds one concept in under 300 lines.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'chai';

const LIB = resolve(import.meta.dirname, '..', '..', 'lib');
const MAX_LINES = 300;
/** Imported by every layer; they import nothing of lib/. */
const LEAVES = ['errors.ts', 'version.ts'];
/** The composition root and the command line above it: nothing else imports them. */
const ROOTS = ['start-agent.ts', 'cli.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** lib/-relative paths that `file` imports (static, re-exported or dynamic), within lib/ only. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) => relative(LIB, resolve(dirname(file), s))).filter((p) => !p.startsWith('..'));
}

/** A module's layer: its directory, or for a file at lib/'s root, the file itself. */
function layerOf(path: string): string {
  const dir = dirname(path);
  return dir === '.' ? path : dir.split('/')[0];
}

/** One cycle in a directed graph, as the nodes along it, or undefined. */
function findCycle(edges: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

const files = sources(LIB).map((f) => ({ path: relative(LIB, f), imports: importsOf(f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }));

describe('the layers of lib/', () => {
  it('finds the modules and their imports (the scan itself sees something)', () => {
    expect(files.length).to.be.greaterThan(50);
    const executor = files.find((f) => f.path === 'proxy/executor.ts');
    expect(executor?.imports).to.include('errors.ts');
  });

  it('has no cycle between its directories', () => {
    const edges = new Map<string, Set<string>>();
    for (const f of files) {
      const from = layerOf(f.path);
      for (const to of f.imports.map(layerOf)) {
        if (to === from) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    expect(findCycle(edges), 'layers that import each other, in a ring').to.equal(undefined);
  });

  it('sees a cycle where there is one (the check itself can fail)', () => {
    const ring = new Map([
      ['health', new Set(['metrics'])],
      ['metrics', new Set(['audit'])],
      ['audit', new Set(['health'])],
    ]);
    expect(findCycle(ring)).to.deep.equal(['health', 'metrics', 'audit', 'health']);
    expect(findCycle(new Map([['a', new Set(['b'])], ['b', new Set<string>()]]))).to.equal(undefined);
  });

  it('keeps its leaf modules free of lib/ imports', () => {
    for (const leaf of LEAVES) expect(files.find((f) => f.path === leaf)?.imports, leaf).to.deep.equal([]);
  });

  it('lets only the root import the composition root', () => {
    const importers = files.filter((f) => dirname(f.path) !== '.' && f.imports.some((i) => ROOTS.includes(i))).map((f) => f.path);
    expect(importers).to.deep.equal([]);
  });

  it(`keeps every file under ${MAX_LINES} lines`, () => {
    const long = files.filter((f) => f.lines > MAX_LINES).map((f) => `${f.path}: ${f.lines}`);
    expect(long, 'files to split by concept').to.deep.equal([]);
  });
});
