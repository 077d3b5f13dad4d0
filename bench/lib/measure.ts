// The two paths' primitives, timed the same way: a request through the
// Runner socket (frame sent → terminal frame received) and the same request
// made directly (request → body read).
import type { Paths } from './types.ts';

export const MB = 1_000_000;

export async function tunnelGet(p: Paths, path: string, query?: Record<string, string[]>): Promise<number> {
  const conn = await p.runner.connection();
  const t0 = performance.now();
  const out = await conn.call({ id: conn.newId('get'), method: 'GET', path, headers: { Accept: 'application/json' }, ...(query ? { query } : {}) });
  const ms = performance.now() - t0;
  if (out.status !== 200) throw new Error(`tunnel GET ${path}: status ${out.status} ${out.error ?? ''}`);
  return ms;
}

export async function directGet(p: Paths, path: string): Promise<number> {
  const t0 = performance.now();
  const out = await p.direct.get(path);
  const ms = performance.now() - t0;
  if (out.status !== 200) throw new Error(`direct GET ${path}: status ${out.status}`);
  return ms;
}

export interface Transfer {
  bytes: number;
  ms: number;
}

/** A list with stream: true through the tunnel. */
export async function tunnelList(p: Paths, path: string, query?: Record<string, string[]>): Promise<Transfer> {
  const conn = await p.runner.connection();
  const t0 = performance.now();
  const out = await conn.call({ id: conn.newId('list'), method: 'GET', path, stream: true, headers: { Accept: 'application/json' }, ...(query ? { query } : {}) });
  const ms = performance.now() - t0;
  if (out.status !== 200 || out.error) throw new Error(`tunnel list ${path}: status ${out.status} ${out.error ?? ''}`);
  return { bytes: out.bytes, ms };
}

export async function directList(p: Paths, pathAndQuery: string): Promise<Transfer> {
  const t0 = performance.now();
  const out = await p.direct.get(pathAndQuery);
  const ms = performance.now() - t0;
  if (out.status !== 200) throw new Error(`direct list ${pathAndQuery}: status ${out.status}`);
  return { bytes: out.bytes, ms };
}

export function mbPerSecond(t: Transfer): number {
  return t.bytes / MB / (t.ms / 1000);
}
