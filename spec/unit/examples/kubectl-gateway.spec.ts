// The kubectl gateway, HTTP → proxy frame → HTTP, through the whole reference stack with a
// fake agent (fake-agent.ts stands in for the real one) on the Runner's socket.
import { expect } from 'chai';
import { request, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { gunzipSync, gzipSync } from 'node:zlib';
import { silentLogger } from '../../../examples/reference/log.ts';
import { startReferenceStack, type ReferenceStack } from '../../../examples/reference/start.ts';
import type { K8sProxyRequest } from '../../../lib/protocol/types.ts';
import { b64, FakeAgent } from './fake-agent.ts';

const API_TOKEN = 'api-token';
const RUNNER_TOKEN = 'runner-token';

interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends one HTTP request to the gateway and returns the response once its headers arrive. */
async function send(base: string, sent: Sent): Promise<IncomingMessage> {
  const req = request(`${base}${sent.path}`, { method: sent.method, headers: sent.headers ?? {} });
  req.end(sent.body);
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  return res;
}

async function text(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of res as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

describe('kubectl gateway', () => {
  let stack: ReferenceStack;
  let agent: FakeAgent;

  beforeEach(async () => {
    stack = await startReferenceStack({ apiToken: API_TOKEN, runnerToken: RUNNER_TOKEN, logger: silentLogger });
    // What the agent does: register, take the Runner it is given, dial it and say hello.
    const cp = await FakeAgent.connect(stack.controlPlane.wsUrl, { token: API_TOKEN });
    const registered = await cp.register('agent-1');
    const { cluster_id, runners } = registered.payload as { cluster_id: string; runners: { url: string; token: string }[] };
    await cp.close();
    const assigned = runners[0];
    if (assigned === undefined) throw new Error('no Runner assigned');
    agent = await FakeAgent.connect(assigned.url, { token: assigned.token });
    await agent.hello('agent-1', cluster_id);
    await stack.runner.waitForAgent({ agentId: 'agent-1' });
  });

  afterEach(async () => {
    await agent.close();
    await stack.close();
  });

  describe('HTTP request → frame', () => {
    it('carries method, raw path, query as lists, and headers minus hop-by-hop and Authorization, as a reverse proxy does', async () => {
      const pending = send(stack.gatewayUrl, {
        method: 'GET',
        path: '/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx&limit=500&labelSelector=tier+in+(web)',
        headers: {
          Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
          Authorization: 'Bearer secret',
          'Accept-Encoding': 'gzip',
          Connection: 'keep-alive, X-Hop',
          'X-Hop': 'drop me',
          'Proxy-Authorization': 'x',
          'Impersonate-User': 'jane',
          'User-Agent': 'kubectl/v1.31.0',
        },
      });
      const frame = await agent.nextRequest();
      expect(frame).to.deep.include({
        method: 'GET',
        path: '/api/v1/namespaces/default/pods',
        query: { labelSelector: ['app=nginx', 'tier in (web)'], limit: ['500'] },
      });
      expect(frame).not.to.have.property('body');
      expect(frame).not.to.have.property('stream');
      expect(frame.headers).to.deep.equal({
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
        'accept-encoding': 'gzip',
        'impersonate-user': 'jane',
        'user-agent': 'kubectl/v1.31.0',
      });
      await agent.send({ id: frame.id, status_code: 200, headers: { 'Content-Type': 'application/json' }, body: b64('{}') });
      await text(await pending);
    });

    it('sends the body in base64 with its content type', async () => {
      const manifest = '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"}}';
      const pending = send(stack.gatewayUrl, {
        method: 'PATCH',
        path: '/api/v1/namespaces/default/configmaps/c?fieldManager=kubectl&force=true',
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body: manifest,
      });
      const frame = await agent.nextRequest();
      expect(frame).to.deep.include({ method: 'PATCH', body: b64(manifest), query: { fieldManager: ['kubectl'], force: ['true'] } });
      expect(frame.headers?.['content-type']).to.equal('application/apply-patch+yaml');
      expect(frame.headers).not.to.have.property('content-length');
      await agent.send({ id: frame.id, status_code: 201, headers: {}, body: b64(manifest) });
      const res = await pending;
      expect(res.statusCode).to.equal(201);
      expect(await text(res)).to.equal(manifest);
    });

    it('refuses methods the protocol does not carry', async () => {
      const res = await send(stack.gatewayUrl, { method: 'OPTIONS', path: '/api' });
      expect(res.statusCode).to.equal(405);
      await text(res);
      expect(agent.pendingMessages).to.have.length(0);
    });
  });

  describe('frame → HTTP response', () => {
    it('writes status, headers (minus hop-by-hop) and the decoded body with its real length', async () => {
      const pending = send(stack.gatewayUrl, { method: 'GET', path: '/version' });
      const frame = await agent.nextRequest();
      await agent.send({
        id: frame.id,
        status_code: 200,
        headers: { 'Content-Type': 'application/json', 'Audit-Id': 'a-1', 'Transfer-Encoding': 'chunked', 'Content-Length': '999', Connection: 'close' },
        body: b64('{"major":"1","minor":"31"}'),
      });
      const res = await pending;
      expect(res.statusCode).to.equal(200);
      expect(res.headers).to.deep.include({ 'content-type': 'application/json', 'audit-id': 'a-1', 'content-length': '26' });
      expect(res.headers).not.to.have.property('transfer-encoding');
      expect(await text(res)).to.equal('{"major":"1","minor":"31"}');
    });

    it('relays a gzip body as gzip, with the Content-Encoding the agent gave', async () => {
      const gz = gzipSync('{"kind":"ConfigMapList","items":[]}');
      const pending = send(stack.gatewayUrl, { method: 'GET', path: '/api/v1/configmaps', headers: { 'Accept-Encoding': 'gzip' } });
      const frame = await agent.nextRequest();
      await agent.send({ id: frame.id, status_code: 200, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gz.toString('base64') });
      const res = await pending;
      expect(res.headers).to.deep.include({ 'content-encoding': 'gzip', 'content-length': String(gz.length) });
      const parts: Buffer[] = [];
      for await (const part of res as AsyncIterable<Buffer>) parts.push(part);
      expect(gunzipSync(Buffer.concat(parts)).toString()).to.equal('{"kind":"ConfigMapList","items":[]}');
    });

    it('answers HEAD with the headers and no body', async () => {
      const pending = send(stack.gatewayUrl, { method: 'HEAD', path: '/api/v1/namespaces/default' });
      const frame = await agent.nextRequest();
      expect(frame.method).to.equal('HEAD');
      await agent.send({ id: frame.id, status_code: 200, headers: { 'Content-Type': 'application/json', 'Content-Length': '123' } });
      const res = await pending;
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-length']).to.equal('123');
      expect(await text(res)).to.equal('');
    });

    it('turns an error made by the agent into a Kubernetes Status', async () => {
      const pending = send(stack.gatewayUrl, { method: 'GET', path: '/api/v1/pods', headers: { 'Impersonate-User': 'jane' } });
      const frame = await agent.nextRequest();
      await agent.send({ id: frame.id, status_code: 403, error_code: 'POLICY_REFUSED', error: 'Impersonate-User is refused' });
      const res = await pending;
      expect(res.statusCode).to.equal(403);
      expect(JSON.parse(await text(res))).to.deep.include({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'agent: Impersonate-User is refused' });
    });

    it('passes an API server error body through unchanged', async () => {
      const status = '{"kind":"Status","reason":"NotFound","code":404}';
      const pending = send(stack.gatewayUrl, { method: 'GET', path: '/api/v1/namespaces/nope' });
      const frame = await agent.nextRequest();
      await agent.send({ id: frame.id, status_code: 404, headers: { 'Content-Type': 'application/json' }, body: b64(status) });
      const res = await pending;
      expect(res.statusCode).to.equal(404);
      expect(await text(res)).to.equal(status);
    });

    it('answers 503 with a Status when no agent is connected', async () => {
      await agent.close();
      for (let i = 0; i < 50 && stack.runner.agents().length > 0; i++) await new Promise((r) => setTimeout(r, 10));
      const res = await send(stack.gatewayUrl, { method: 'GET', path: '/api' });
      expect(res.statusCode).to.equal(503);
      expect(JSON.parse(await text(res))).to.include({ kind: 'Status', reason: 'ServiceUnavailable' });
    });

    it('asks again with stream: true when the agent answers a GET with its own 413', async () => {
      const pending = send(stack.gatewayUrl, { method: 'GET', path: '/openapi/v2', headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
      const first = await agent.nextRequest();
      await agent.send({ id: first.id, status_code: 413, error_code: 'RESPONSE_TOO_LARGE', error: 'response over 8 MiB; use stream: true' });
      const second = await agent.nextRequest();
      expect(second).to.deep.include({ method: 'GET', path: '/openapi/v2', stream: true });
      expect(second.headers?.accept).to.equal('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
      const sid = second.stream_id;
      await agent.send({ id: second.id, stream: true, stream_id: sid, status_code: 200, headers: { 'Content-Type': 'application/octet-stream' } });
      await agent.send({ id: second.id, stream: true, stream_id: sid, chunk: true, body: Buffer.from([0, 1, 2]).toString('base64') });
      await agent.send({ id: second.id, stream: true, stream_id: sid, chunk: true, body: Buffer.from([3, 4]).toString('base64') });
      await agent.send({ id: second.id, stream: true, stream_id: sid, done: true });
      const res = await pending;
      expect(res.statusCode).to.equal(200);
      const parts: Buffer[] = [];
      for await (const part of res as AsyncIterable<Buffer>) parts.push(part);
      expect([...Buffer.concat(parts)]).to.deep.equal([0, 1, 2, 3, 4]);
    });
  });

  describe('streams', () => {
    async function startWatch(path: string): Promise<{ res: IncomingMessage; frame: K8sProxyRequest }> {
      const pending = send(stack.gatewayUrl, { method: 'GET', path });
      const frame = await agent.nextRequest();
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, status_code: 200, headers: { 'Content-Type': 'application/json' } });
      return { res: await pending, frame };
    }

    it('sends a watch as a stream and writes each event as it comes, one per line, chunked', async () => {
      const { res, frame } = await startWatch('/api/v1/namespaces/default/pods?watch=true&resourceVersion=10');
      expect(frame).to.deep.include({ stream: true, query: { watch: ['true'], resourceVersion: ['10'] } });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['transfer-encoding']).to.equal('chunked');
      const reader = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('{"type":"ADDED","object":{}}') });
      // The first event is delivered before the stream ends.
      expect(String((await reader.next()).value)).to.equal('{"type":"ADDED","object":{}}\n');
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('{"type":"DELETED","object":{}}') });
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, done: true });
      let rest = '';
      for (let r = await reader.next(); r.done !== true; r = await reader.next()) rest += String(r.value);
      expect(rest).to.equal('{"type":"DELETED","object":{}}\n');
    });

    it('puts each protobuf watch event back after its 4-byte big-endian length', async () => {
      const pending = send(stack.gatewayUrl, { method: 'GET', path: '/api/v1/pods?watch=true', headers: { Accept: 'application/vnd.kubernetes.protobuf' } });
      const frame = await agent.nextRequest();
      expect(frame.headers?.accept).to.equal('application/vnd.kubernetes.protobuf');
      const type = 'application/vnd.kubernetes.protobuf;stream=watch';
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, status_code: 200, headers: { 'Content-Type': type } });
      const res = await pending;
      expect(res.headers['content-type']).to.equal(type);
      const events = [Buffer.from('\n\x05ADDED one'), Buffer.alloc(300, 1)];
      for (const e of events) await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: e.toString('base64') });
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, done: true });
      const parts: Buffer[] = [];
      for await (const part of res as AsyncIterable<Buffer>) parts.push(part);
      // 11 bytes, then 300 (0x012c).
      expect(Buffer.concat(parts).toString('hex')).to.equal(
        Buffer.concat([Buffer.from([0, 0, 0, 11]), events[0] ?? Buffer.alloc(0), Buffer.from([0, 0, 1, 0x2c]), events[1] ?? Buffer.alloc(0)]).toString('hex'),
      );
    });

    it('treats the /watch/ path form as a watch too', async () => {
      const { res, frame } = await startWatch('/api/v1/watch/namespaces/default/pods');
      expect(frame.stream).to.equal(true);
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('{"type":"ADDED"}') });
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, done: true });
      expect(await text(res)).to.equal('{"type":"ADDED"}\n');
    });

    it('relays follow=true logs byte for byte, with no added newlines', async () => {
      const { res, frame } = await startWatch('/api/v1/namespaces/default/pods/p/log?follow=true&container=c');
      expect(frame.stream).to.equal(true);
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('partial li') });
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('ne\n') });
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, done: true });
      expect(await text(res)).to.equal('partial line\n');
    });

    it('cancels the stream when the HTTP client goes away', async () => {
      const { res, frame } = await startWatch('/apis/apps/v1/deployments?watch=1');
      res.destroy();
      const cancel = await agent.nextRequest();
      expect(cancel).to.deep.include({ method: 'CANCEL', stream_id: frame.stream_id });
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, done: true, error: 'cancelled' });
      await agent.send({ id: cancel.id, status_code: 200 });
    });

    it('writes a watch refused by the API server as an ordinary response', async () => {
      const pending = send(stack.gatewayUrl, { method: 'GET', path: '/api/v1/secrets?watch=true' });
      const frame = await agent.nextRequest();
      const body = '{"kind":"Status","reason":"Forbidden","code":403}';
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, status_code: 403, headers: { 'Content-Type': 'application/json' }, body: b64(body), done: true });
      const res = await pending;
      expect(res.statusCode).to.equal(403);
      expect(res.headers['content-length']).to.equal(String(body.length));
      expect(await text(res)).to.equal(body);
    });

    it('cuts the HTTP response when the stream ends abnormally', async () => {
      const { res, frame } = await startWatch('/api/v1/pods?watch=true');
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, chunk: true, body: b64('{"type":"ADDED"}') });
      await agent.send({ id: frame.id, stream: true, stream_id: frame.stream_id, done: true, error: 'shutdown' });
      let failed = false;
      try {
        await text(res);
      } catch {
        failed = true;
      }
      expect(failed || !res.complete).to.equal(true);
    });
  });
});
