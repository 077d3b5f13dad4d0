// lib/protocol/types.ts is generated from the schemas; this fails when someone edits either one alone.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { TYPES_FILE, generateProtocolTypes } from '../../../scripts/generate-protocol-types.ts';

describe('lib/protocol/types.ts', () => {
  it('is what `npm run generate` produces from the current schemas', async function () {
    this.timeout(30_000);
    const actual = readFileSync(new URL(`../../../${TYPES_FILE}`, import.meta.url), 'utf8');
    expect(actual === (await generateProtocolTypes()), 'types.ts is stale: run `npm run generate`').to.equal(true);
  });
});
