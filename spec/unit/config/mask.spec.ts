import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConfig } from '../../../lib/config/load.ts';
import { maskConfig } from '../../../lib/config/mask.ts';
import { configToYaml } from '../../../lib/config/print.ts';
import { tempDir } from './helpers.ts';

describe('maskConfig', () => {
  it('replaces every secret with *** and leaves the rest', () => {
    const masked = maskConfig({
      pipeops: { token: 'tok-very-long-secret', token_file: '/run/t', api_url: 'https://a' },
      runners: [{ url: 'wss://r', token: 'rt' }, { url: 'wss://s', token: '' }],
      other: { client_key: 'k', password: 'p', api_token: 'x' },
    });
    expect(masked).to.deep.equal({
      pipeops: { token: '***', token_file: '/run/t', api_url: 'https://a' },
      runners: [{ url: 'wss://r', token: '***' }, { url: 'wss://s', token: '' }],
      other: { client_key: '***', password: '***', api_token: '***' },
    });
  });
  it('does not change its input', () => {
    const input = { pipeops: { token: 't' } };
    maskConfig(input);
    expect(input.pipeops.token).to.equal('t');
  });
});

describe('configToYaml', () => {
  it('prints YAML the agent reads back, secrets masked, sources noted', () => {
    const tmp = tempDir();
    try {
      const file = tmp.file('c.yaml', 'pipeops:\n  api_url: https://api.pipeops.io\n  token: top-secret\nrunners:\n  - url: wss://r.example.com\n    token: runner-secret\n');
      const r = loadConfig({ argv: ['config', '--config', file], env: { PIPEOPS_AGENT_PORT: '9090' }, cwd: tmp.dir });
      const text = configToYaml(r.config, r.sources);
      expect(text).not.to.include('top-secret');
      expect(text).not.to.include('runner-secret');
      expect(text).to.include('port: 9090 # env PIPEOPS_AGENT_PORT');
      expect(text).to.include(`api_url: https://api.pipeops.io # file ${file}`);
      const back = tmp.file('back.yaml', text);
      const again = loadConfig({ argv: ['config', '--config', back], env: {}, cwd: tmp.dir });
      expect(again.config.agent.port).to.equal(9090);
      expect(again.config.pipeops.reconnect.interval).to.equal(500);
      expect((parse(text) as { pipeops: { timeout: string } }).pipeops.timeout).to.equal('30s');
    } finally {
      tmp.remove();
    }
  });
});
