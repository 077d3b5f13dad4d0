import { expect } from 'chai';
import { loadConfig } from '../../../lib/config/load.ts';
import type { LoadResult } from '../../../lib/config/load.ts';
import { isAgentError } from '../../../lib/errors.ts';
import { tempDir } from './helpers.ts';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (isAgentError(err, 'CONFIG_INVALID') || isAgentError(err, 'CONFIG_UNREADABLE')) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  const load = (argv: string[], env: NodeJS.ProcessEnv = {}): LoadResult => loadConfig({ argv, env, cwd: tmp.dir });

  describe('defaults', () => {
    it('gives the documented production defaults, durations in ms', () => {
      const { config, sources } = load(['config']);
      expect(config.agent.port).to.equal(8080);
      expect(config.agent.host).to.equal('127.0.0.1');
      expect(config.agent.poll_interval).to.equal(30_000);
      expect(config.pipeops.timeout).to.equal(30_000);
      expect(config.pipeops.ping_interval).to.equal(15_000);
      expect(config.pipeops.compression).to.equal(true);
      expect(config.pipeops.reconnect).to.deep.equal({ enabled: true, max_attempts: 0, interval: 500, max_interval: 15_000 });
      expect(config.kubernetes.service_account_dir).to.equal('/var/run/secrets/kubernetes.io/serviceaccount');
      expect(config.proxy).to.deep.equal({
        allow_impersonation: false, impersonate_users: [], impersonate_groups: [], max_frame_bytes: 16 * 1024 * 1024, max_body_bytes: 10 * 1024 * 1024,
        max_response_bytes: 8 * 1024 * 1024, max_concurrent_requests: 256, max_concurrent_streams: 1024,
        rate_limit: { requests_per_second: 200, burst: 400 }, request_timeout: 30_000, stream_idle_timeout: 0,
        upgrade: { enabled: true, exec: true, idle_timeout: 0, window: 256 * 1024 },
      });
      expect(config.logging).to.deep.equal({ level: 'info', format: 'json', output: 'stdout' });
      expect(config.audit).to.deep.equal({ enabled: false, output: 'stdout', max_file_bytes: 100 * 1024 * 1024, max_files: 5, queue_size: 10_000 });
      expect(config.runners).to.deep.equal([]);
      expect(sources['agent.port']).to.equal('default');
    });
    it('keeps state in $STATE_DIRECTORY when systemd gives one', () => {
      expect(load(['config'], { STATE_DIRECTORY: '/var/lib/x:/other' }).config.agent.state_file).to.equal('/var/lib/x/state.json');
    });
    it('reads no file when neither --config nor PIPEOPS_CONFIG is given', () => {
      expect(load(['config']).configFile).to.equal(null);
    });
  });

  describe('precedence', () => {
    const yaml = 'agent:\n  port: 9001\n  cluster_name: from-file\n  poll_interval: 10s\nlogging:\n  level: warn\n';
    it('file over defaults, env over file, flags over env', () => {
      const file = tmp.file('c.yaml', yaml);
      const fileOnly = load(['config', '--config', file]);
      expect(fileOnly.config.agent.port).to.equal(9001);
      expect(fileOnly.sources['agent.port']).to.equal(`file ${file}`);

      const env = { PIPEOPS_AGENT_PORT: '9002', PIPEOPS_AGENT_CLUSTER_NAME: 'from-env', PIPEOPS_LOGGING_LEVEL: 'error' };
      const withEnv = load(['config', '--config', file], env);
      expect(withEnv.config.agent.port).to.equal(9002);
      expect(withEnv.config.agent.cluster_name).to.equal('from-env');
      expect(withEnv.config.agent.poll_interval).to.equal(10_000);
      expect(withEnv.sources['agent.cluster_name']).to.equal('env PIPEOPS_AGENT_CLUSTER_NAME');

      const withFlags = load(['config', '--config', file, '--log-level', 'debug', '--set', 'agent.port=9003', '--debug'], env);
      expect(withFlags.config.agent.port).to.equal(9003);
      expect(withFlags.config.logging.level).to.equal('debug');
      expect(withFlags.config.agent.debug).to.equal(true);
      expect(withFlags.sources['logging.level']).to.equal('flag --log-level');
      expect(withFlags.sources['agent.port']).to.equal('flag --set agent.port');
    });
    it('finds the file through PIPEOPS_CONFIG, relative to cwd', () => {
      tmp.file('c.yaml', yaml);
      const r = load(['config'], { PIPEOPS_CONFIG: 'c.yaml' });
      expect(r.config.agent.port).to.equal(9001);
      expect(r.configFile).to.equal(`${tmp.dir}/c.yaml`);
    });
  });

  describe('environment', () => {
    it('maps nested keys with underscores from the key list', () => {
      const { config } = load(['config'], {
        PIPEOPS_PIPEOPS_TLS_INSECURE_SKIP_VERIFY: 'true',
        PIPEOPS_PIPEOPS_RECONNECT_MAX_ATTEMPTS: '7',
        PIPEOPS_PROXY_RATE_LIMIT_REQUESTS_PER_SECOND: '12.5',
        PIPEOPS_KUBERNETES_IN_CLUSTER: '1',
        PIPEOPS_PIPEOPS_COMPRESSION: '0',
        PIPEOPS_AGENT_SHUTDOWN_TIMEOUT: '1m30s',
        PIPEOPS_AGENT_LABELS: 'env=prod, region=eu-west-1',
      });
      expect(config.pipeops.tls.insecure_skip_verify).to.equal(true);
      expect(config.pipeops.reconnect.max_attempts).to.equal(7);
      expect(config.proxy.rate_limit.requests_per_second).to.equal(12.5);
      expect(config.kubernetes.in_cluster).to.equal(true);
      expect(config.pipeops.compression).to.equal(false);
      expect(config.agent.shutdown_timeout).to.equal(90_000);
      expect(config.agent.labels).to.deep.equal({ env: 'prod', region: 'eu-west-1' });
    });
    it('warns about an unknown PIPEOPS_ variable', () => {
      expect(load(['config'], { PIPEOPS_AGENT_PROT: '1' }).warnings).to.include('env PIPEOPS_AGENT_PROT is not a known setting and is ignored');
    });
  });

  describe('problems, one line each with key, source and rule', () => {
    const table: Array<[string, NodeJS.ProcessEnv, string[], string]> = [
      ['port too high', { PIPEOPS_AGENT_PORT: '70000' }, [], 'agent.port: 70000 (env PIPEOPS_AGENT_PORT) must be <= 65535'],
      ['port not a number', { PIPEOPS_AGENT_PORT: 'http' }, [], 'agent.port: "http" (env PIPEOPS_AGENT_PORT) must be integer'],
      ['bad boolean', { PIPEOPS_KUBERNETES_IN_CLUSTER: 'yes' }, [], 'kubernetes.in_cluster: "yes" (env PIPEOPS_KUBERNETES_IN_CLUSTER) must be boolean'],
      ['bad duration', { PIPEOPS_PIPEOPS_TIMEOUT: '30 seconds' }, [], 'pipeops.timeout: "30 seconds" (env PIPEOPS_PIPEOPS_TIMEOUT) must be a duration such as 30s, 500ms, 1m30s or 2h (a bare number is seconds)'],
      ['duration below its minimum', { PIPEOPS_PIPEOPS_PING_INTERVAL: '10ms' }, [], 'pipeops.ping_interval: "10ms" (env PIPEOPS_PIPEOPS_PING_INTERVAL) must be at least 1s'],
      ['bad level flag', {}, ['--log-level', 'verbose'], 'logging.level: "verbose" (flag --log-level) must be one of: trace, debug, info, warn, error, fatal, silent'],
      ['bad labels', { PIPEOPS_AGENT_LABELS: 'novalue' }, [], 'agent.labels: "novalue" (env PIPEOPS_AGENT_LABELS) must be a comma-separated list of key=value pairs'],
      ['unknown --set key', {}, ['--set', 'agent.prot=1'], 'agent.prot: (flag --set agent.prot) is not a known key; did you mean agent.port?'],
      ['bad api_url', { PIPEOPS_PIPEOPS_API_URL: 'ftp://x' }, [], 'pipeops.api_url: "ftp://x" (env PIPEOPS_PIPEOPS_API_URL) must be an http:// or https:// URL without query or fragment'],
      ['plain http off loopback', { PIPEOPS_PIPEOPS_API_URL: 'http://api.example.com' }, [], 'pipeops.api_url: "http://api.example.com" (env PIPEOPS_PIPEOPS_API_URL) must use https:// while pipeops.tls.enabled is true (plain http:// only to loopback addresses)'],
      ['backoff cap below base', { PIPEOPS_PIPEOPS_RECONNECT_INTERVAL: '20s' }, [], 'pipeops.reconnect.max_interval: "15s" (default) must be >= pipeops.reconnect.interval (20s)'],
    ];
    for (const [name, env, argv, line] of table) {
      it(name, () => expect(problems(() => load(['config', ...argv], env))).to.deep.equal([line]));
    }

    it('reports every problem of a file at once, unknown keys included', () => {
      const file = tmp.file('bad.yaml', 'agent:\n  prot: 8080\n  port: -1\npipeops:\n  tokne: s3cr3t-value\nextra: 1\nrunners:\n  - token: abc\n');
      const lines = problems(() => load(['config', '--config', file]));
      expect(lines).to.have.members([
        `extra: (file ${file}) is not a known key`,
        `agent.prot: (file ${file}) is not a known key; did you mean agent.port?`,
        `agent.port: -1 (file ${file}) must be >= 0`,
        `pipeops.tokne: (file ${file}) is not a known key; did you mean pipeops.token?`,
        `runners[0].url: (not set) (file ${file}) is required`,
      ]);
      expect(lines.join('\n')).not.to.include('s3cr3t-value');
    });
    it('names an unreadable file and a YAML syntax error', () => {
      expect(problems(() => load(['config', '--config', 'missing.yaml']))[0]).to.match(/^config file: "missing.yaml" \(flag --config\) cannot be read: ENOENT/);
      const file = tmp.file('broken.yaml', 'agent:\n  port: [1\n');
      expect(problems(() => load(['config', '--config', file]))[0]).to.match(new RegExp(`^config file: ${file} \\(flag --config\\) is not valid YAML: .* at line \\d+`));
    });
    it('masks a secret value in an error line', () => {
      const line = problems(() => load(['config'], { PIPEOPS_PIPEOPS_TOKEN: 'x', PIPEOPS_PIPEOPS_TOKEN_FILE: '/t' }));
      expect(line.join('\n')).to.equal('pipeops.token_file: "/t" (env PIPEOPS_PIPEOPS_TOKEN_FILE) must not be set together with pipeops.token (env PIPEOPS_PIPEOPS_TOKEN)');
    });
  });

  describe('what running needs', () => {
    it('requires a control plane or a static Runner for run, not for config', () => {
      expect(problems(() => load([]))).to.deep.equal(['pipeops.api_url: "" (default) is required unless runners lists at least one static Runner']);
      expect(() => load(['config'])).not.to.throw();
    });
    it('requires a token with api_url', () => {
      expect(problems(() => load([], { PIPEOPS_PIPEOPS_API_URL: 'https://api.pipeops.io' }))[0]).to.match(/^pipeops\.token: \(not set\) \(default\) is required with pipeops\.api_url/);
    });
    it('runs with only a static Runner, whose http URL becomes ws', () => {
      const file = tmp.file('r.yaml', 'runners:\n  - url: https://runner.example.com/ws\n    token: rt\n    name: r1\n');
      expect(load(['--config', file]).config.runners).to.deep.equal([{ url: 'wss://runner.example.com/ws', token: 'rt', name: 'r1' }]);
    });
  });

  describe('tokens from files', () => {
    it('reads pipeops.token_file and trims the trailing newline', () => {
      const tokenFile = tmp.file('token', 'abc123\n');
      const r = load([], { PIPEOPS_PIPEOPS_API_URL: 'https://api.pipeops.io', PIPEOPS_PIPEOPS_TOKEN_FILE: tokenFile });
      expect(r.config.pipeops.token).to.equal('abc123');
      expect(r.sources['pipeops.token']).to.equal('env PIPEOPS_PIPEOPS_TOKEN_FILE');
    });
    it('reports an unreadable or empty token file: an error for run, a warning for config', () => {
      const missing = `${tmp.dir}/nope`;
      const api = { PIPEOPS_PIPEOPS_API_URL: 'https://api.pipeops.io' };
      expect(problems(() => load(['run'], { ...api, PIPEOPS_PIPEOPS_TOKEN_FILE: missing }))[0]).to.match(
        new RegExp(`^pipeops\\.token_file: "${missing}" \\(env PIPEOPS_PIPEOPS_TOKEN_FILE\\) cannot be read: ENOENT`),
      );
      const empty = tmp.file('empty', '\n');
      expect(problems(() => load(['run'], { ...api, PIPEOPS_PIPEOPS_TOKEN_FILE: empty }))[0]).to.include('cannot be read: the file is empty');
      expect(load(['config'], { PIPEOPS_PIPEOPS_TOKEN_FILE: empty }).warnings[0]).to.include('cannot be read: the file is empty');
    });
    it('uses the systemd credential pipeops-token when no token is given', () => {
      tmp.file('pipeops-token', 'from-systemd\n');
      const r = load([], { PIPEOPS_PIPEOPS_API_URL: 'https://api.pipeops.io', CREDENTIALS_DIRECTORY: tmp.dir });
      expect(r.config.pipeops.token).to.equal('from-systemd');
      expect(r.sources['pipeops.token_file']).to.equal('env CREDENTIALS_DIRECTORY');
    });
    it('prefers an explicit token to the systemd credential', () => {
      tmp.file('pipeops-token', 'from-systemd');
      const r = load([], { PIPEOPS_PIPEOPS_API_URL: 'https://a.io', PIPEOPS_PIPEOPS_TOKEN: 'explicit', CREDENTIALS_DIRECTORY: tmp.dir });
      expect(r.config.pipeops.token).to.equal('explicit');
    });
    it('reads a Runner token_file', () => {
      const tf = tmp.file('rt', 'runner-token\n');
      const file = tmp.file('r.yaml', `runners:\n  - url: wss://r.example.com\n    token_file: ${tf}\n`);
      expect(load(['--config', file]).config.runners[0]).to.deep.equal({ url: 'wss://r.example.com', token: 'runner-token', token_file: tf });
    });
    it('requires a Runner token', () => {
      const file = tmp.file('r.yaml', 'runners:\n  - url: wss://r.example.com\n');
      expect(problems(() => load(['--config', file]))).to.deep.equal([`runners[0].token: (not set) (file ${file}) is required (or token_file)`]);
    });
  });

  it('returns a deeply frozen configuration', () => {
    const { config } = load(['config'], { PIPEOPS_AGENT_LABELS: 'a=b' });
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.pipeops.tls)).to.equal(true);
    expect(Object.isFrozen(config.agent.labels)).to.equal(true);
    expect(() => {
      (config.agent as { port: number }).port = 1;
    }).to.throw(TypeError);
  });
});

describe('loadConfig: bounded impersonation and the audit trail', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());
  const load = (argv: string[], env: NodeJS.ProcessEnv = {}): LoadResult => loadConfig({ argv, env, cwd: tmp.dir });

  it('reads impersonation lists from the file, the environment (comma-separated) and --set', () => {
    const file = tmp.file('c.yaml', 'proxy:\n  allow_impersonation: true\n  impersonate_users: ["pipeops:*"]\n');
    expect(load(['config', '--config', file]).config.proxy.impersonate_users).to.deep.equal(['pipeops:*']);
    const env = load(['config'], { PIPEOPS_PROXY_ALLOW_IMPERSONATION: 'true', PIPEOPS_PROXY_IMPERSONATE_GROUPS: ' pipeops:a, pipeops:b ,' });
    expect(env.config.proxy.impersonate_groups).to.deep.equal(['pipeops:a', 'pipeops:b']);
    expect(env.sources['proxy.impersonate_groups']).to.equal('env PIPEOPS_PROXY_IMPERSONATE_GROUPS');
    const flag = load(['config', '--set', 'proxy.allow_impersonation=true', '--set', 'proxy.impersonate_users=ci-bot,pipeops:*']);
    expect(flag.config.proxy.impersonate_users).to.deep.equal(['ci-bot', 'pipeops:*']);
  });

  it('refuses a bad pattern, a system: wildcard and lists without allow_impersonation, naming key, source and rule', () => {
    expect(problems(() => load(['config'], { PIPEOPS_PROXY_ALLOW_IMPERSONATION: 'true', PIPEOPS_PROXY_IMPERSONATE_USERS: 'pipe*ops' }))).to.deep.equal([
      'proxy.impersonate_users[0]: "pipe*ops" (env PIPEOPS_PROXY_IMPERSONATE_USERS) must be an exact name, or a prefix ending in * such as pipeops:*',
    ]);
    expect(problems(() => load(['config'], { PIPEOPS_PROXY_ALLOW_IMPERSONATION: 'true', PIPEOPS_PROXY_IMPERSONATE_USERS: '*' }))).to.have.lengthOf(1);
    expect(problems(() => load(['config'], { PIPEOPS_PROXY_ALLOW_IMPERSONATION: 'true', PIPEOPS_PROXY_IMPERSONATE_GROUPS: 'pipeops:a,system:*' }))).to.deep.equal([
      'proxy.impersonate_groups[1]: "system:*" (env PIPEOPS_PROXY_IMPERSONATE_GROUPS) must name system: identities one by one (no wildcard)',
    ]);
    expect(problems(() => load(['config'], { PIPEOPS_PROXY_IMPERSONATE_USERS: 'pipeops:*' }))).to.deep.equal([
      'proxy.impersonate_users: […] (env PIPEOPS_PROXY_IMPERSONATE_USERS) has no effect unless proxy.allow_impersonation is true',
    ]);
  });

  it('accepts system: names listed one by one', () => {
    const r = load(['config'], { PIPEOPS_PROXY_ALLOW_IMPERSONATION: 'true', PIPEOPS_PROXY_IMPERSONATE_GROUPS: 'system:authenticated' });
    expect(r.config.proxy.impersonate_groups).to.deep.equal(['system:authenticated']);
  });

  describe('audit.output for run', () => {
    const run = (output: string): LoadResult =>
      load(['run'], { PIPEOPS_AUDIT_ENABLED: 'true', PIPEOPS_AUDIT_OUTPUT: output, PIPEOPS_PIPEOPS_API_URL: 'https://api.example.com', PIPEOPS_PIPEOPS_TOKEN: 't' });

    it('resolves a relative file against the working directory; a missing directory is fine (it is created)', () => {
      expect(run('logs/a/audit.log').config.audit.output).to.equal(`${tmp.dir}/logs/a/audit.log`);
      expect(run('stdout').config.audit.output).to.equal('stdout');
    });

    it('refuses a directory, and a path under a regular file', () => {
      expect(problems(() => run(tmp.dir))).to.deep.equal([`audit.output: ${JSON.stringify(tmp.dir)} (env PIPEOPS_AUDIT_OUTPUT) is a directory; name a file`]);
      const file = tmp.file('plain', 'x');
      expect(problems(() => run(`${file}/audit.log`))).to.deep.equal([
        `audit.output: ${JSON.stringify(`${file}/audit.log`)} (env PIPEOPS_AUDIT_OUTPUT) cannot be created: ${file} is not a directory`,
      ]);
    });

    it('is not checked while the audit trail is off, nor by the config command', () => {
      expect(load(['config'], { PIPEOPS_AUDIT_ENABLED: 'true', PIPEOPS_AUDIT_OUTPUT: tmp.dir }).config.audit.output).to.equal(tmp.dir);
      expect(() => load(['run'], { PIPEOPS_AUDIT_OUTPUT: tmp.dir, PIPEOPS_PIPEOPS_API_URL: 'https://api.example.com', PIPEOPS_PIPEOPS_TOKEN: 't' })).not.to.throw();
    });
  });
});
