// undici's Pool and its request API, and nothing else of undici. The package's
// index loads every dispatcher, fetch, WebSocket, the cache and the mocks:
// about 13 MiB of RSS the agent never uses. This does for Pool what the index
// does (Object.assign(Dispatcher.prototype, api)), from the same files.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
const api = require('undici/lib/api/index.js') as object;
if (!('request' in Dispatcher.prototype)) Object.assign(Dispatcher.prototype, api);

export const Pool = require('undici/lib/dispatcher/pool.js') as typeof Undici.Pool;
