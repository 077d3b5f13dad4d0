import { expect } from 'chai';
import fc from 'fast-check';
import type { ErrorObject } from 'ajv';
import {
  SESSION_TYPES,
  formatErrors,
  parseInbound,
  validateRequest,
  validateResponse,
  validateSession,
} from '../../../lib/protocol/validate.ts';

const KINDS = ['request', 'session', 'unknown_type', 'invalid'];

describe('validateRequest', () => {
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
    it(`accepts ${method}`, () => {
      expect(validateRequest({ id: 'r', method, path: '/api' })).to.deep.include({ ok: true });
    });
  }

  it('accepts CANCEL without a path', () => {
    const frame = { id: 'c', method: 'CANCEL', stream_id: 's-1' };
    expect(validateRequest(frame)).to.deep.equal({ ok: true, frame });
  });

  it('accepts an empty body and a padded body', () => {
    expect(validateRequest({ id: 'r', method: 'POST', path: '/api', body: '' })).to.deep.include({ ok: true });
    expect(validateRequest({ id: 'r', method: 'POST', path: '/api', body: 'YQ==' })).to.deep.include({ ok: true });
    expect(validateRequest({ id: 'r', method: 'POST', path: '/api', body: 'YWI=' })).to.deep.include({ ok: true });
  });

  // The schema's base64 pattern runs as the linear matcher of patterns.ts (patterns.spec.ts proves it equal to the
  // pattern); its speed is the bench's to measure, not a timed assertion's.
  it('checks a large body as base64', () => {
    const body = Buffer.alloc(8 * 1024 * 1024, 7).toString('base64');
    expect(validateRequest({ id: 'r', method: 'POST', path: '/api', body })).to.deep.include({ ok: true });
    expect(validateRequest({ id: 'r', method: 'POST', path: '/api', body: `${body.slice(0, -4)}AB!=` })).to.deep.equal({
      ok: false,
      error: '/body must be base64',
    });
  });

  it('says a non-object is not a frame', () => {
    expect(validateRequest([])).to.deep.equal({ ok: false, error: 'frame must be an object' });
    expect(validateRequest(null)).to.deep.equal({ ok: false, error: 'frame must be an object' });
  });

  it('does not take inherited properties for fields', () => {
    const frame = Object.assign(Object.create({ id: 'inherited', method: 'GET' }) as object, { path: '/api' });
    expect(validateRequest(frame)).to.deep.equal({ ok: false, error: "must have required property 'id'" });
  });
});

describe('prototype pollution', () => {
  for (const field of ['headers', 'query']) {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      it(`refuses ${key} in ${field} and leaves Object.prototype alone`, () => {
        const value = field === 'headers' ? '{"polluted":"yes"}' : '{"polluted":["yes"]}';
        const data = `{"id":"r","method":"GET","path":"/api","${field}":{"${key}":${value}}}`;
        const inbound = parseInbound(data);
        expect(inbound).to.deep.include({ kind: 'invalid', id: 'r', session: false });
        expect(inbound.kind === 'invalid' && inbound.error).to.equal(`/${field} property name "${key}" is not allowed`);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      });
    }
  }

  it('refuses __proto__ as a register label', () => {
    const data =
      '{"type":"register","id":"g","payload":{"agent_id":"a","agent_name":"n","cluster_name":"c","labels":{"__proto__":"x"},' +
      '"agent_version":"1","kubernetes_version":"v1","hostname":"h","capabilities":[]}}';
    expect(parseInbound(data)).to.deep.equal({
      kind: 'invalid',
      id: 'g',
      error: '/payload/labels property name "__proto__" is not allowed',
      session: true,
    });
  });
});

describe('validateResponse', () => {
  const start = { id: 'w', stream: true, stream_id: 's-1', status_code: 200, headers: {} };

  it('accepts the four shapes and an answer to a frame without id', () => {
    for (const frame of [
      { id: 'r', status_code: 200, headers: { 'Content-Type': 'application/json' }, body: 'e30=' },
      start,
      { id: 'w', stream: true, stream_id: 's-1', chunk: true, body: 'e30=' },
      { id: 'w', stream: true, stream_id: 's-1', done: true, error: 'cancelled' },
      { id: 'w', stream: true, stream_id: 's-1', done: true, status_code: 403, headers: {}, body: 'e30=' },
      { id: '', status_code: 400, error: 'invalid JSON: Unexpected end of JSON input' },
    ]) {
      expect(validateResponse(frame), JSON.stringify(frame)).to.deep.include({ ok: true });
    }
  });

  const cases: [string, unknown, string][] = [
    ['a plain frame without status', { id: 'r' }, "must have required property 'status_code'"],
    ['a stream frame without stream_id', { id: 'w', stream: true, status_code: 200 }, "must have required property 'stream_id' when stream is true"],
    ['a chunk without body', { id: 'w', stream: true, stream_id: 's', chunk: true }, "must have required property 'body' when chunk is true"],
    ['a chunk outside a stream', { id: 'w', chunk: true, body: '' }, "must have required property 'stream' when chunk is true"],
    ['a chunk in a non-stream frame', { id: 'w', stream: false, chunk: true, body: '' }, '/stream must be true when chunk is true'],
    [
      'a chunk that is also done',
      { id: 'w', stream: true, stream_id: 's', chunk: true, done: true, body: '' },
      '/done must be false when chunk is true',
    ],
    ['a done frame outside a stream', { id: 'w', done: true }, "must have required property 'stream' when done is true"],
    ['a status out of range', { id: 'r', status_code: 700 }, '/status_code must be <= 599'],
    ['a fractional status', { id: 'r', status_code: 200.5 }, '/status_code must be integer'],
    ['a body that is not base64', { id: 'r', status_code: 200, body: '{}' }, '/body must be base64'],
    ['an unknown field', { id: 'r', status_code: 200, statusCode: 200 }, '/statusCode is not allowed'],
    ['no id', { status_code: 200 }, "must have required property 'id'"],
  ];
  for (const [name, frame, error] of cases) {
    it(`refuses ${name}`, () => {
      expect(validateResponse(frame)).to.deep.equal({ ok: false, error });
    });
  }
});

describe('validateSession', () => {
  it('knows the eight session types', () => {
    expect(SESSION_TYPES).to.deep.equal(['register', 'registered', 'heartbeat', 'heartbeat_ack', 'runners', 'hello', 'draining', 'error']);
  });

  it('explains a message that is not a session message', () => {
    expect(validateSession('x')).to.deep.equal({ ok: false, error: 'frame must be an object' });
    expect(validateSession({ id: 'r' })).to.deep.equal({ ok: false, error: "must have required property 'type'" });
    expect(validateSession({ type: 1 })).to.deep.equal({ ok: false, error: '/type must be string' });
    expect(validateSession({ type: 'reboot' })).to.deep.equal({
      ok: false,
      error: '/type must be one of register, registered, heartbeat, heartbeat_ack, runners, hello, draining, error',
    });
  });

  it('tolerates fields a newer control plane adds to what the agent receives', () => {
    for (const message of [
      { type: 'registered', id: 'g', payload: { cluster_id: 'c', region: 'eu', runners: [{ url: 'wss://r', token: 't', weight: 2 }] }, v: 2 },
      { type: 'runners', payload: { runners: [], generation: 4 }, sent_at: 'now' },
      { type: 'heartbeat_ack', payload: { next: 30 }, extra: true },
      { type: 'error', id: 'm', payload: { code: 'x', message: 'y', details: {} } },
    ]) {
      expect(validateSession(message), message.type).to.deep.include({ ok: true });
    }
  });

  it('keeps what the agent sends closed', () => {
    const hello = { type: 'hello', payload: { agent_id: 'a', cluster_id: '', cluster_name: 'n', agent_version: '1', capabilities: [] } };
    expect(validateSession(hello)).to.deep.include({ ok: true });
    expect(validateSession({ ...hello, extra: 1 })).to.deep.equal({ ok: false, error: '/extra is not allowed' });
  });
});

describe('parseInbound', () => {
  it('never throws, and always answers with one of its kinds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ id: 'x', ...(v as object) }))), (data) => {
        const inbound = parseInbound(data);
        expect(KINDS).to.include(inbound.kind);
        if (inbound.kind === 'invalid') {
          expect(inbound.error).to.be.a('string').and.not.match(/\n|\bat .*:\d+:\d+/);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('does not quote the input back in a JSON error', () => {
    const inbound = parseInbound('{"headers":{"Authorization":"Bearer secret-token"} oops}');
    expect(inbound).to.deep.include({ kind: 'invalid', id: '', session: false });
    expect(inbound.kind === 'invalid' && inbound.error).to.match(/^invalid JSON: /).and.not.include('secret');
  });

  it('does not echo an oversized id', () => {
    expect(parseInbound(JSON.stringify({ id: 'x'.repeat(300), method: 'GET' }))).to.deep.include({ id: '' });
  });

  it('caps an unknown type it reports', () => {
    const inbound = parseInbound(JSON.stringify({ type: 'y'.repeat(1000) }));
    expect(inbound.kind === 'unknown_type' && inbound.type).to.equal('y'.repeat(128));
  });
});

describe('formatErrors', () => {
  it('says something even without errors', () => {
    expect(formatErrors([])).to.equal('is invalid');
  });

  it('prefers the specific error over its wrapper', () => {
    const errors = [
      { keyword: 'oneOf', instancePath: '', schemaPath: '#/oneOf', params: {} },
      { keyword: 'type', instancePath: '/payload', schemaPath: '#/type', params: { type: 'object' } },
    ] as ErrorObject[];
    expect(formatErrors(errors)).to.equal('/payload must be object');
  });

  it('escapes a JSON pointer token of an unknown field', () => {
    const errors = [
      { keyword: 'additionalProperties', instancePath: '', schemaPath: '#', params: { additionalProperty: 'a/b~c' } },
    ] as ErrorObject[];
    expect(formatErrors(errors)).to.equal('/a~1b~0c is not allowed');
  });
});
