// The API server client's interceptors against a real local HTTPS server (its
// own CA, given as the target's TLS options): credentials stamped on every
// request, and one retry after a 401 when the credentials changed, only for
// bodies that can be sent again. No undici mocks: requests go over TLS to
// node:https, over HTTP/1.1 and HTTP/2.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { createApiClient, requestJson, type ApiClient } from '../../../lib/kube/api-client.ts';
import { requestBuffered, ResponseTooLarge } from '../../../lib/kube/buffered-request.ts';
import { createPki } from '../../../testkit/kube/pki.ts';

interface Seen {
  authorization: string;
  accept: string;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

describe('API server client', function () {
  this.timeout(30_000);
  let dir: string;
  let ca: Buffer;
  let server: Http2SecureServer;
  let origin: string;
  let handler: Handler;
  let seen: Seen[];
  let token: string;
  let refreshes: number;
  let refreshTo: string | undefined;
  let client: ApiClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeops-api-client-'));
    const pki = await createPki(dir);
    ca = readFileSync(pki.caCert);
    // HTTP/2 with HTTP/1.1 fallback: one server for both of the client's pools.
    server = createSecureServer({ cert: readFileSync(pki.servingCert), key: readFileSync(pki.servingKey), allowHTTP1: true }, (req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const s = { authorization: String(req.headers.authorization ?? ''), accept: String(req.headers.accept ?? ''), body: Buffer.concat(parts).toString() };
        seen.push(s);
        handler(req as unknown as IncomingMessage, res as unknown as ServerResponse, s);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    seen = [];
    token = 'old';
    refreshes = 0;
    refreshTo = undefined;
    client = createApiClient({
      origin,
      tls: { ca },
      credentials: () => ({ authorization: `Bearer ${token}` }),
      refresh: () => {
        refreshes++;
        if (refreshTo === undefined || refreshTo === token) return Promise.resolve(false);
        token = refreshTo;
        return Promise.resolve(true);
      },
    });
  });

  afterEach(async () => {
    await client.destroy();
  });

  /** Answers 401 to every token but `good`. */
  const acceptOnly = (good: string): Handler => (_req, res, s) => {
    if (s.authorization !== `Bearer ${good}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"kind":"Status","message":"Unauthorized","code":401}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ body: s.body }));
  };

  describe('credentials', () => {
    it('sets authorization from the credentials as they are at each request, over the caller\'s own', async () => {
      handler = (_req, res) => res.writeHead(200).end('{}');
      await client.dispatcher.request({ path: '/a', method: 'GET', headers: { Authorization: 'Bearer caller', accept: 'a' } }).then((r) => r.body.dump());
      token = 'second';
      await client.streamDispatcher.request({ path: '/b', method: 'GET', headers: ['authorization', 'Bearer caller', 'accept', 'b'] }).then((r) => r.body.dump());
      token = 'third';
      await client.dispatcher.request({ path: '/c', method: 'GET', headers: new Map([['AUTHORIZATION', 'Bearer caller'], ['accept', 'c']]) }).then((r) => r.body.dump());
      expect(seen.map((s) => [s.authorization, s.accept])).to.deep.equal([
        ['Bearer old', 'a'],
        ['Bearer second', 'b'],
        ['Bearer third', 'c'],
      ]);
    });
  });

  describe('a 401', () => {
    it('is retried once with re-read credentials, and the caller sees only the answer to the retry', async () => {
      handler = acceptOnly('new');
      refreshTo = 'new';
      const answer = await requestJson(client.dispatcher, { path: '/x', timeout: 10_000 });
      expect(answer.status).to.equal(200);
      expect(seen.map((s) => s.authorization)).to.deep.equal(['Bearer old', 'Bearer new']);
      expect(refreshes).to.equal(1);
    });

    it('is passed on as it came when the credentials did not change', async () => {
      handler = acceptOnly('new');
      const answer = await requestJson(client.dispatcher, { path: '/x', timeout: 10_000 });
      expect(answer.status).to.equal(401);
      expect(answer.message).to.equal('Unauthorized');
      expect(seen).to.have.length(1);
      expect(refreshes).to.equal(1);
    });

    it('is retried when another request changed the credentials while this one was out', async () => {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      handler = (req, res, s) => {
        // The first request waits until the token has changed under it.
        if (s.authorization === 'Bearer old') void held.then(() => acceptOnly('new')(req, res, s));
        else acceptOnly('new')(req, res, s);
      };
      const pending = requestJson(client.dispatcher, { path: '/x', timeout: 10_000 });
      await until(() => seen.length === 1);
      token = 'new';
      release();
      expect((await pending).status).to.equal(200);
      expect(seen.map((s) => s.authorization)).to.deep.equal(['Bearer old', 'Bearer new']);
    });

    it('is retried only once', async () => {
      handler = acceptOnly('never');
      refreshTo = 'new';
      const answer = await requestJson(client.dispatcher, { path: '/x', timeout: 10_000 });
      expect(answer.status).to.equal(401);
      expect(seen.map((s) => s.authorization)).to.deep.equal(['Bearer old', 'Bearer new']);
    });

    it('of a request with a Buffer or string body sends the same body again', async () => {
      handler = acceptOnly('new');
      refreshTo = 'new';
      const buffer = await client.dispatcher.request({ path: '/x', method: 'POST', body: Buffer.from('bytes') });
      expect(await buffer.body.json()).to.deep.equal({ body: 'bytes' });
      const string = await requestJson(client.streamDispatcher, { method: 'PUT', path: '/x', body: { a: 1 }, timeout: 10_000 });
      expect(string.json).to.deep.equal({ body: '{"a":1}' });
      expect(seen.map((s) => [s.authorization, s.body])).to.deep.equal([
        ['Bearer old', 'bytes'],
        ['Bearer new', 'bytes'],
        ['Bearer new', '{"a":1}'],
      ]);
    });

    it('of a request with a streamed body is not retried: the body is gone', async () => {
      handler = acceptOnly('new');
      refreshTo = 'new';
      const res = await client.dispatcher.request({ path: '/x', method: 'POST', body: Readable.from([Buffer.from('once')]) });
      expect(res.statusCode).to.equal(401);
      await res.body.dump();
      expect(seen).to.have.length(1);
      expect(refreshes).to.equal(0);
    });

    it('with a body too large to hold back is passed on without a retry', async () => {
      const big = 'x'.repeat(200 * 1024);
      handler = (_req, res) => res.writeHead(401).end(big);
      refreshTo = 'new';
      const res = await client.dispatcher.request({ path: '/x', method: 'GET' });
      expect(res.statusCode).to.equal(401);
      expect(await res.body.text()).to.equal(big);
      expect(seen).to.have.length(1);
    });

    it('ends with the abort reason when the request is aborted while the credentials are re-read', async () => {
      handler = acceptOnly('new');
      const controller = new AbortController();
      let refreshed: () => void = () => {};
      const refreshing = new Promise<void>((resolve) => (refreshed = resolve));
      let finish: (changed: boolean) => void = () => {};
      await client.destroy();
      client = createApiClient({
        origin,
        tls: { ca },
        credentials: () => ({ authorization: `Bearer ${token}` }),
        refresh: () =>
          new Promise<boolean>((resolve) => {
            finish = resolve;
            refreshed();
          }),
      });
      const pending = client.dispatcher.request({ path: '/x', method: 'GET', signal: controller.signal });
      await refreshing;
      controller.abort(new Error('cancelled'));
      token = 'new';
      finish(true);
      const err = await pending.then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).to.equal('cancelled');
      expect(seen).to.have.length(1);
    });

    it('of a stream is retried, and the answer still streams (its first chunk arrives before the server ends it)', async () => {
      let end: () => void = () => {};
      handler = (req, res, s) => {
        if (s.authorization !== 'Bearer new') return acceptOnly('new')(req, res, s);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED"}\n');
        end = () => res.end('{"type":"DELETED"}\n');
      };
      refreshTo = 'new';
      const res = await client.streamDispatcher.request({ path: '/watch', method: 'GET' });
      expect(res.statusCode).to.equal(200);
      const chunks: string[] = [];
      for await (const chunk of res.body) {
        chunks.push(String(chunk));
        if (chunks.length === 1) end();
      }
      expect(chunks).to.deep.equal(['{"type":"ADDED"}\n', '{"type":"DELETED"}\n']);
    });
  });

  describe('an answer read whole', () => {
    const get = (path: string, maxBytes: number, signal = new AbortController().signal) =>
      requestBuffered(client.dispatcher, { path, method: 'GET', headers: { accept: 'text/plain' }, signal, maxBytes });

    it('comes with its status, headers and every chunk of its body, over several writes', async () => {
      handler = (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/plain', 'x-n': '3' });
        res.write('one,');
        setImmediate(() => res.end('two'));
      };
      const res = await get('/x', 1024);
      expect([res.statusCode, res.headers['content-type'], res.headers['x-n'], res.body.toString()]).to.deep.equal([404, 'text/plain', '3', 'one,two']);
      expect(seen.map((s) => [s.authorization, s.accept])).to.deep.equal([['Bearer old', 'text/plain']]);
    });

    it('with no body has an empty one', async () => {
      handler = (_req, res) => res.writeHead(204).end();
      const res = await get('/x', 1024);
      expect([res.statusCode, res.body.length]).to.deep.equal([204, 0]);
    });

    it('larger than its bound is refused with ResponseTooLarge, and the client serves the next request', async () => {
      handler = (_req, res) => res.writeHead(200).end('y'.repeat(4096));
      const err = await get('/big', 1000).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err).to.be.instanceOf(ResponseTooLarge);
      expect((await get('/next', 10_000)).body.length).to.equal(4096);
    });

    it('ends with the abort reason when aborted while the body is arriving', async () => {
      const controller = new AbortController();
      handler = (_req, res) => {
        res.writeHead(200);
        res.write('part');
        controller.abort(new Error('stop'));
      };
      const err = await get('/x', 1024, controller.signal).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).to.equal('stop');
    });

    it('is not sent when its signal is already aborted', async () => {
      handler = (_req, res) => res.writeHead(200).end();
      const err = await get('/x', 1024, AbortSignal.abort(new Error('early'))).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).to.equal('early');
      expect(seen).to.have.length(0);
    });
  });

  describe('TLS', () => {
    it('refuses a server its CA did not sign', async () => {
      const other = createApiClient({ origin, tls: {}, credentials: () => ({}), refresh: () => Promise.resolve(false) });
      try {
        const err = await requestJson(other.dispatcher, { path: '/x', timeout: 10_000 }).then(
          () => undefined,
          (e: unknown) => e as Error & { code?: string },
        );
        expect(err?.code).to.match(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
      } finally {
        await other.destroy();
      }
    });
  });
});

/** Resolves once `done()` holds, checking on each turn of the event loop. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}
