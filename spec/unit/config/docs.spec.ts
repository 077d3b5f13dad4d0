// The reference documentation and the example must match the schema.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { KEY_SPECS, validateRawConfig } from '../../../lib/config/schema.ts';

describe('docs/configuration.md', () => {
  const doc = readFileSync('docs/configuration.md', 'utf8');
  const rows = new Map(doc.split('\n').filter((l) => l.startsWith('| `')).map((l) => [l.split('|')[1].trim().replaceAll('`', ''), l]));

  for (const spec of KEY_SPECS) {
    it(`documents ${spec.key} with its env var and default`, () => {
      const row = rows.get(spec.key);
      expect(row, `no table row for ${spec.key}`).to.be.a('string');
      if (spec.env !== undefined) expect(row).to.include(`\`${spec.env}\``);
      if (spec.default !== undefined) {
        const shown = typeof spec.default === 'string' ? (spec.default === '' ? '""' : spec.default) : JSON.stringify(spec.default);
        expect(row).to.include(`\`${shown}\``);
      }
    });
  }
  it('documents no key the schema lacks', () => {
    const known = new Set(KEY_SPECS.map((s) => s.key));
    expect([...rows.keys()].filter((k) => k.includes('.') && !known.has(k) && !k.startsWith('run') && !k.startsWith('config'))).to.deep.equal([]);
  });
});

describe('examples/config.yaml', () => {
  const example = parse(readFileSync('examples/config.yaml', 'utf8')) as Record<string, Record<string, unknown>>;
  it('validates against the schema', () => {
    expect(validateRawConfig(example), JSON.stringify(validateRawConfig.errors)).to.equal(true);
  });
  it('sets every key (token aside, which it reads from a file)', () => {
    for (const spec of KEY_SPECS) {
      if (spec.key === 'pipeops.token') continue;
      const value = spec.key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], example);
      expect(value, spec.key).not.to.equal(undefined);
    }
  });
});
