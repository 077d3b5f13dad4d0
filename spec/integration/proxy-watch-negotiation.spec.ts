// What a frame's Accept and Accept-Encoding do to its answer, against the real API
// server: a watch is one event per chunk whatever they say (kubectl's Table watch
// with gzip, protobuf offered beside JSON, protobuf alone), and everything else comes
// back in the encoding the API server chose, with the header that says so.
import { expect } from 'chai';
import { gunzipSync } from 'node:zlib';
import type { K8sProxyRequest, K8sProxyResponse } from '../../lib/protocol/types.ts';
import { kube } from '../../testkit/kube/harness.ts';
import type { PeerConnection } from '../../testkit/runner-peer/connection.ts';
import { startAgentWithRunner } from '../support/agent.ts';

const ns = 'pipeops-negotiation';
// Enough bytes that the API server compresses a list (it does above 128 KiB) and a watch's initial events.
const OBJECTS = 300;
const KUBECTL_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const PROTOBUF = 'application/vnd.kubernetes.protobuf';
// Only the spec's own ConfigMaps: the controller manager adds kube-root-ca.crt to every namespace.
const SELECTOR = { labelSelector: ['fixture=negotiation'] };
const bytes = (f: K8sProxyResponse): Buffer => Buffer.from(f.body ?? '', 'base64');

describe('ProxyExecutor content negotiation', function () {
  this.timeout(120_000);
  let conn: PeerConnection;
  let stop: (() => Promise<void>) | undefined;
  let seq = 0;

  before(async () => {
    const created = await kube.adminRequest('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    expect(created.status).to.be.oneOf([201, 409]);
    const payload = 'p'.repeat(1024);
    for (let i = 0; i < OBJECTS; i += 25) {
      const batch = Array.from({ length: 25 }, (_, j) =>
        kube.adminRequest('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `n-${i + j}`, labels: { fixture: 'negotiation' } }, data: { payload } }),
      );
      for (const r of await Promise.all(batch)) expect(r.status).to.be.oneOf([201, 409]);
    }
    ({ conn, stop } = await startAgentWithRunner({ level: 'info' }));
  });

  after(() => stop?.());

  /** Opens a watch of the namespace's ConfigMaps, reads its initial ADDED events (one per object), then cancels it. */
  async function watch(headers: Record<string, string>): Promise<{ start: K8sProxyResponse; chunks: Buffer[] }> {
    const id = `watch-${++seq}`;
    const frame: K8sProxyRequest = { id, method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: { watch: ['true'], ...SELECTOR }, headers, stream: true };
    conn.send(frame);
    const start = await conn.next((f) => f.id === id);
    expect(start.status_code, bytes(start).toString()).to.equal(200);
    let seen = 0;
    await conn.next((f) => f.id === id && f.chunk === true && ++seen === OBJECTS, 60_000);
    const cancel = await conn.request({ id: `cancel-${seq}`, method: 'CANCEL', stream_id: start.stream_id ?? '' });
    expect(cancel.status_code).to.equal(200);
    await conn.next((f) => f.id === id && f.done === true);
    return { start, chunks: conn.framesFor(id).filter((f) => f.chunk === true).map(bytes) };
  }

  function names(chunks: Buffer[], name: (event: { type: string; object: Record<string, unknown> }) => string): string[] {
    return chunks.map((c) => {
      const text = c.toString('utf8');
      expect(text).not.to.include('\n');
      const event = JSON.parse(text) as { type: string; object: Record<string, unknown> };
      expect(event.type).to.equal('ADDED');
      return name(event);
    });
  }

  const expected = Array.from({ length: OBJECTS }, (_, i) => `n-${i}`).sort();

  it('keeps kubectl’s Table watch a Table, one event per chunk, even when the frame asks for gzip', async () => {
    const { start, chunks } = await watch({ Accept: KUBECTL_TABLE, 'Accept-Encoding': 'gzip' });
    expect(start.headers?.['Content-Type']).to.equal('application/json');
    expect(start.headers).not.to.have.property('Content-Encoding');
    type Table = { kind: string; columnDefinitions: { name: string }[] | null; rows: { cells: unknown[] }[] };
    const tables: Table[] = [];
    const rows = names(chunks, (e) => {
      const table = e.object as unknown as Table;
      tables.push(table);
      expect(table.kind).to.equal('Table');
      return String(table.rows[0]?.cells[0]);
    });
    expect(rows.sort()).to.deep.equal(expected);
    // The API server sends the columns once, with the first event; kubectl prints its header from them.
    expect(tables[0]?.columnDefinitions?.map((c) => c.name)).to.deep.equal(['Name', 'Data', 'Age']);
  });

  it('answers a watch in JSON when the client accepts protobuf and JSON', async () => {
    const { start, chunks } = await watch({ Accept: `${PROTOBUF}, application/json`, 'Accept-Encoding': 'gzip' });
    expect(start.headers?.['Content-Type']).to.equal('application/json');
    const got = names(chunks, (e) => String((e.object.metadata as { name: string }).name));
    expect(got.sort()).to.deep.equal(expected);
  });

  it('cuts a protobuf-only watch at its length prefixes: one protobuf event per chunk', async () => {
    const { start, chunks } = await watch({ Accept: PROTOBUF, 'Accept-Encoding': 'gzip' });
    expect(start.headers?.['Content-Type']).to.equal(`${PROTOBUF};stream=watch`);
    expect(start.headers).not.to.have.property('Content-Encoding');
    expect(chunks).to.have.length(OBJECTS);
    for (const c of chunks) {
      // Each chunk is one whole WatchEvent message: field 1 (type) first, "ADDED", then the object.
      expect(c.subarray(0, 7).toString('latin1')).to.equal('\n\x05ADDED');
    }
    const got = chunks.map((c) => /n-\d+/.exec(c.toString('latin1'))?.[0]);
    expect(got.sort()).to.deep.equal(expected);
  });

  describe('a list the frame asks for with Accept-Encoding: gzip', () => {
    const list = (f: { headers?: Record<string, string> }, body: Buffer): { items: unknown[] } => {
      expect(f.headers?.['Content-Encoding']).to.equal('gzip');
      return JSON.parse(gunzipSync(body).toString('utf8')) as { items: unknown[] };
    };

    it('comes back gzip-encoded, with Content-Encoding: gzip, as a plain response', async () => {
      const res = await conn.request({ id: `list-${++seq}`, method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: SELECTOR, headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status_code).to.equal(200);
      expect(list(res, bytes(res)).items).to.have.length(OBJECTS);
    });

    it('comes back gzip-encoded, with Content-Encoding: gzip, as a stream', async () => {
      const id = `list-${++seq}`;
      conn.send({ id, method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: SELECTOR, headers: { 'Accept-Encoding': 'gzip' }, stream: true });
      const done = await conn.next((f) => f.id === id && f.done === true, 60_000);
      expect(done.error).to.equal(undefined);
      const [start, ...rest] = conn.framesFor(id);
      const body = Buffer.concat(rest.filter((f) => f.chunk === true).map(bytes));
      expect(list(start ?? {}, body).items).to.have.length(OBJECTS);
    });

    it('comes back as it is without Accept-Encoding', async () => {
      const res = await conn.request({ id: `list-${++seq}`, method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps`, query: SELECTOR });
      expect(res.headers).not.to.have.property('Content-Encoding');
      expect((JSON.parse(bytes(res).toString('utf8')) as { items: unknown[] }).items).to.have.length(OBJECTS);
    });
  });
});
