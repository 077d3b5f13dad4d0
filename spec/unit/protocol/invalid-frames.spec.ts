// Every way a sender can get a frame wrong, with the exact message it gets back. The message is the contract:
// it names the field (JSON pointer) and the rule, so a sender can fix the frame without reading our source.
// Text that is not JSON is the exception: its reason is the JSON parser's own wording, which changes with the
// runtime, so those cases pin the answer's error_code (FRAME_INVALID) and only the message's stable prefix.
import { expect } from 'chai';
import pino from 'pino';
import { loadConfig } from '../../../lib/config/load.ts';
import { parseInbound } from '../../../lib/protocol/validate.ts';
import type { Inbound } from '../../../lib/protocol/validate.ts';
import type { ProxyExecutor } from '../../../lib/proxy/executor.ts';
import { Channel } from '../../../lib/tunnel/channel.ts';

const GET = { id: 'r-1', method: 'GET', path: '/api/v1/pods' };
const req = (extra: Record<string, unknown>): string => JSON.stringify({ ...GET, ...extra });
const without = (key: string, value: Record<string, unknown> = GET): string =>
  JSON.stringify(Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)));

const REGISTER = {
  type: 'register',
  id: 'reg-1',
  payload: {
    agent_id: 'agent-1',
    agent_name: 'edge-1',
    cluster_name: 'prod',
    labels: { env: 'prod' },
    agent_version: '0.1.0',
    kubernetes_version: 'v1.31.2',
    hostname: 'vm-1',
    capabilities: ['k8s-proxy'],
  },
};
const HEARTBEAT = {
  type: 'heartbeat',
  payload: {
    agent_id: 'agent-1',
    cluster_id: 'cl-1',
    timestamp: '2025-01-01T12:00:00Z',
    status: 'healthy',
    cluster: { nodes: 1, pods: 2, deployments: 3, services: 4 },
    connections: { control_plane: true, runners: 0 },
    proxy: { active_streams: 0, requests_per_minute: 0 },
  },
};
const session = (base: { type: string; payload: object }, payload: Record<string, unknown>, top: object = {}): string =>
  JSON.stringify({ ...base, ...top, payload: { ...base.payload, ...payload } });

const bad = (id: string, error: string): Inbound => ({ kind: 'invalid', id, error, session: false });
const badSession = (id: string, error: string): Inbound => ({ kind: 'invalid', id, error, session: true });

const TABLE: [string, string, Inbound][] = [
  // Not an object
  ['number', '42', bad('', 'frame must be an object')],
  ['string', '"GET /api"', bad('', 'frame must be an object')],
  ['null', 'null', bad('', 'frame must be an object')],
  ['array', '[{"id":"r-1","method":"GET","path":"/api"}]', bad('', 'frame must be an object')],
  // id
  ['missing id', without('id'), bad('', "must have required property 'id'")],
  ['id not a string', req({ id: 7 }), bad('', '/id must be string')],
  ['empty id', req({ id: '' }), bad('', '/id must not be empty')],
  ['id over 256 characters', req({ id: 'x'.repeat(257) }), bad('', '/id must be at most 256 characters')],
  // method and path
  ['missing method', without('method'), bad('r-1', "must have required property 'method'")],
  ['unknown method', req({ method: 'OPTIONS' }), bad('r-1', '/method must be one of GET, POST, PUT, DELETE, PATCH, HEAD, CANCEL')],
  ['lower-case method', req({ method: 'get' }), bad('r-1', '/method must be one of GET, POST, PUT, DELETE, PATCH, HEAD, CANCEL')],
  ['method not a string', req({ method: 1 }), bad('r-1', '/method must be string')],
  ['missing path on GET', without('path'), bad('r-1', "must have required property 'path' when method is not CANCEL")],
  ['empty path', req({ path: '' }), bad('r-1', '/path must not be empty')],
  ['path not a string', req({ path: ['/api'] }), bad('r-1', '/path must be string')],
  [
    'CANCEL without stream_id',
    JSON.stringify({ id: 'c-1', method: 'CANCEL' }),
    bad('c-1', "must have required property 'stream_id' when method is CANCEL"),
  ],
  ['CANCEL with empty stream_id', JSON.stringify({ id: 'c-1', method: 'CANCEL', stream_id: '' }), bad('c-1', '/stream_id must not be empty')],
  // headers
  ['headers not an object', req({ headers: 'Accept: application/json' }), bad('r-1', '/headers must be object')],
  ['headers an array', req({ headers: [['Accept', 'application/json']] }), bad('r-1', '/headers must be object')],
  ['header value a number', req({ headers: { 'Content-Length': 12 } }), bad('r-1', '/headers/Content-Length must be string')],
  ['header value a list', req({ headers: { Accept: ['a', 'b'] } }), bad('r-1', '/headers/Accept must be string')],
  ['header value with CRLF', req({ headers: { 'X-A': 'a\r\nX-B: b' } }), bad('r-1', '/headers/X-A must not contain CR, LF or NUL')],
  ['header name with a space', req({ headers: { 'Bad Name': 'x' } }), bad('r-1', '/headers property name "Bad Name" must be an HTTP token')],
  ['header name with a colon', req({ headers: { 'Host:': 'x' } }), bad('r-1', '/headers property name "Host:" must be an HTTP token')],
  [
    'header named __proto__',
    '{"id":"r-1","method":"GET","path":"/api","headers":{"__proto__":"x"}}',
    bad('r-1', '/headers property name "__proto__" is not allowed'),
  ],
  ['header named constructor', req({ headers: { constructor: 'x' } }), bad('r-1', '/headers property name "constructor" is not allowed')],
  // query
  ['query not an object', req({ query: 'watch=true' }), bad('r-1', '/query must be object')],
  ['query value not an array', req({ query: { watch: 'true' } }), bad('r-1', '/query/watch must be array')],
  ['query array of numbers', req({ query: { limit: [500] } }), bad('r-1', '/query/limit/0 must be string')],
  [
    'query named __proto__',
    '{"id":"r-1","method":"GET","path":"/api","query":{"__proto__":["x"]}}',
    bad('r-1', '/query property name "__proto__" is not allowed'),
  ],
  ['query with an empty name', req({ query: { '': ['x'] } }), bad('r-1', '/query property name "" must not be empty')],
  ['query name with a newline, escaped', req({ query: { 'a\nb': 'x' } }), bad('r-1', '/query/a\\u000ab must be array')],
  // body, stream
  ['body not base64', req({ body: 'not base64!' }), bad('r-1', '/body must be base64')],
  ['body missing its padding', req({ body: 'YWJj ZA' }), bad('r-1', '/body must be base64')],
  ['body base64url', req({ body: 'a-_b' }), bad('r-1', '/body must be base64')],
  ['body not a string', req({ body: { kind: 'Pod' } }), bad('r-1', '/body must be string')],
  ['stream not boolean', req({ stream: 'true' }), bad('r-1', '/stream must be boolean')],
  ['stream_id not a string', req({ stream: true, stream_id: 9 }), bad('r-1', '/stream_id must be string')],
  // fields that are not in the contract
  ['unknown field', req({ foo: 1 }), bad('r-1', '/foo is not allowed')],
  ['typo of a field', req({ header: { Accept: 'application/json' } }), bad('r-1', '/header is not allowed')],
  ['response field in a request', req({ status_code: 200 }), bad('r-1', '/status_code is not allowed')],
  // type
  ['type not a string', req({ type: 5 }), bad('r-1', '/type must be string')],
  ['type null', JSON.stringify({ type: null, id: 'm-1' }), bad('m-1', '/type must be string')],
  ['unknown type', JSON.stringify({ type: 'reboot', id: 'm-1' }), { kind: 'unknown_type', id: 'm-1', type: 'reboot' }],
  ['unknown type without id', JSON.stringify({ type: 'Register' }), { kind: 'unknown_type', id: '', type: 'Register' }],
  ['empty type', JSON.stringify({ type: '' }), { kind: 'unknown_type', id: '', type: '' }],
  // register
  ['register without payload', JSON.stringify({ type: 'register', id: 'reg-1' }), badSession('reg-1', "must have required property 'payload'")],
  ['register without id', without('id', REGISTER), badSession('', "must have required property 'id'")],
  ['register capabilities not a list', session(REGISTER, { capabilities: 'k8s-proxy' }), badSession('reg-1', '/payload/capabilities must be array')],
  ['register label not a string', session(REGISTER, { labels: { replicas: 3 } }), badSession('reg-1', '/payload/labels/replicas must be string')],
  ['register with an unknown payload field', session(REGISTER, { region: 'eu' }), badSession('reg-1', '/payload/region is not allowed')],
  ['register with an empty agent_id', session(REGISTER, { agent_id: '' }), badSession('reg-1', '/payload/agent_id must not be empty')],
  // registered
  [
    'registered without cluster_id',
    JSON.stringify({ type: 'registered', id: 'reg-1', payload: {} }),
    badSession('reg-1', "/payload must have required property 'cluster_id'"),
  ],
  [
    'registered with a zero heartbeat interval',
    JSON.stringify({ type: 'registered', id: 'reg-1', payload: { cluster_id: 'cl-1', heartbeat_interval_seconds: 0 } }),
    badSession('reg-1', '/payload/heartbeat_interval_seconds must be > 0'),
  ],
  [
    'registered runner without token',
    JSON.stringify({ type: 'registered', id: 'reg-1', payload: { cluster_id: 'cl-1', runners: [{ url: 'wss://r' }] } }),
    badSession('reg-1', "/payload/runners/0 must have required property 'token'"),
  ],
  [
    'registered with an empty id',
    JSON.stringify({ type: 'registered', id: '', payload: { cluster_id: 'cl-1' } }),
    badSession('', '/id must not be empty'),
  ],
  // heartbeat
  ['heartbeat with an unknown status', session(HEARTBEAT, { status: 'ok' }), badSession('', '/payload/status must be one of healthy, degraded')],
  ['heartbeat timestamp not RFC 3339', session(HEARTBEAT, { timestamp: '12:00' }), badSession('', '/payload/timestamp must be an RFC 3339 date-time')],
  [
    'heartbeat with a negative pod count',
    session(HEARTBEAT, { cluster: { nodes: 1, pods: -1, deployments: 0, services: 0 } }),
    badSession('', '/payload/cluster/pods must be >= 0'),
  ],
  [
    'heartbeat with a fractional node count',
    session(HEARTBEAT, { cluster: { nodes: 1.5, pods: 1, deployments: 0, services: 0 } }),
    badSession('', '/payload/cluster/nodes must be integer'),
  ],
  // heartbeat_ack, runners, hello, error
  ['heartbeat_ack payload not an object', JSON.stringify({ type: 'heartbeat_ack', payload: 'ok' }), badSession('', '/payload must be object')],
  ['runners list not an array', JSON.stringify({ type: 'runners', payload: { runners: {} } }), badSession('', '/payload/runners must be array')],
  [
    'runners with an http:// URL',
    JSON.stringify({ type: 'runners', id: 'm-2', payload: { runners: [{ url: 'https://r.example', token: 't' }] } }),
    badSession('m-2', '/payload/runners/0/url must be a ws:// or wss:// URL'),
  ],
  ['runners without payload', JSON.stringify({ type: 'runners' }), badSession('', "must have required property 'payload'")],
  [
    'hello without capabilities',
    JSON.stringify({ type: 'hello', payload: { agent_id: 'a', cluster_id: 'c', cluster_name: 'n', agent_version: '0.1.0' } }),
    badSession('', "/payload must have required property 'capabilities'"),
  ],
  [
    'error without message',
    JSON.stringify({ type: 'error', id: 'm-3', payload: { code: 'unknown_type' } }),
    badSession('m-3', "/payload must have required property 'message'"),
  ],
  [
    'error code not a string',
    JSON.stringify({ type: 'error', payload: { code: 404, message: 'x' } }),
    badSession('', '/payload/code must be string'),
  ],
];

const NOT_JSON: [string, string][] = [
  ['truncated JSON', '{"id": "r-1",'],
  ['JSON cut off in a string', '{"id": "r-'],
  ['bare word in JSON', '{"id": r-1}'],
  ['empty message', ''],
  ['trailing garbage', '{"id":"r-1"} x'],
];

/** The frame a Channel sends back for `data` (the executor is never reached: every case is refused first). */
async function answerTo(data: string): Promise<Record<string, unknown>> {
  const sent: string[] = [];
  const transport = { send: (d: Buffer | string, _o: unknown, cb: (err?: Error) => void) => (sent.push(String(d)), setImmediate(cb)) };
  const limits = loadConfig({ argv: ['config'], env: {} }).config.proxy;
  const channel = new Channel(transport, { name: 'spec', executor: {} as ProxyExecutor, limits, logger: pino({ level: 'silent' }) });
  channel.receive(Buffer.from(data), false);
  await new Promise((r) => setImmediate(r));
  expect(sent).to.have.length(1);
  return JSON.parse(sent[0]) as Record<string, unknown>;
}

describe('parseInbound', () => {
  describe('text that is not JSON', () => {
    for (const [name, data] of NOT_JSON) {
      it(`answers ${name} with FRAME_INVALID and id ""`, async () => {
        const parsed = parseInbound(data);
        expect(parsed).to.include({ kind: 'invalid', id: '', session: false });
        expect((parsed as { error: string }).error).to.match(/^invalid JSON: ./);
        const answer = await answerTo(data);
        expect(answer).to.include({ id: '', status_code: 400, error_code: 'FRAME_INVALID' });
        expect(answer.error).to.match(/^invalid frame: invalid JSON: ./);
      });
    }
  });

  describe('invalid frames', () => {
    it('covers at least 30 cases', () => {
      expect(TABLE.length + NOT_JSON.length).to.be.at.least(30);
    });

    for (const [name, data, expected] of TABLE) {
      it(`answers ${name}`, () => {
        expect(parseInbound(data)).to.deep.equal(expected);
      });
    }
  });
});
