// The API server the agent talks to, and how it authenticates there: the
// credentials, from the in-cluster service-account files or from a kubeconfig,
// and the client (api-client.ts) that applies them to every request.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { AgentError } from '../errors.ts';
import type { AgentConfig } from '../config/types.ts';
import { FileTokenSource } from './token-source.ts';
import { createApiClient, type TlsOptions } from './api-client.ts';

export interface KubeTarget {
  readonly mode: 'in-cluster' | 'kubeconfig';
  /** scheme://host:port of the API server; the only place proxied requests go. */
  readonly origin: string;
  /** HTTP/1.1 keep-alive pool: short requests and bulk streams (lists). Authenticates each request, retries once after a 401. */
  readonly dispatcher: Dispatcher;
  /** HTTP/2 pool: long-lived streams (watches, log follows), many to a connection. Authenticated like dispatcher. */
  readonly streamDispatcher: Dispatcher;
  /** The namespace the agent runs in (its own identity and state live there). */
  readonly namespace: string;
  /** Headers that authenticate the agent, current at the time of the call. */
  authHeaders(): Record<string, string>;
  /** TLS options for a connection of the agent's own (an upgraded stream's), current at the time of the call. */
  tls(): TlsOptions;
  /** Called after a 401: re-reads credentials, true when they changed. */
  refreshAuth(): Promise<boolean>;
  close(): Promise<void>;
}

export interface KubeTargetOptions {
  config: AgentConfig['kubernetes'];
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export async function createKubeTarget(options: KubeTargetOptions): Promise<KubeTarget> {
  const { config } = options;
  const env = options.env ?? process.env;
  const saDir = config.service_account_dir;
  const hasServiceEnv = Boolean(env.KUBERNETES_SERVICE_HOST);
  if (config.in_cluster || (!config.kubeconfig && hasServiceEnv && existsSync(join(saDir, 'token')))) {
    return createInClusterTarget(config, env, options.logger);
  }
  const kubeconfig = config.kubeconfig || env.KUBECONFIG?.split(':')[0] || join(homedir(), '.kube', 'config');
  if (!existsSync(kubeconfig)) {
    throw new AgentError(
      'CREDENTIALS',
      `no Kubernetes credentials: set kubernetes.in_cluster (service-account files in ${saDir} with ` +
        `KUBERNETES_SERVICE_HOST/PORT) or kubernetes.kubeconfig (${kubeconfig} does not exist)`,
    );
  }
  return createKubeconfigTarget(kubeconfig, config, options.logger);
}

function createInClusterTarget(
  config: AgentConfig['kubernetes'],
  env: NodeJS.ProcessEnv,
  logger: Logger | undefined,
): KubeTarget {
  const dir = config.service_account_dir;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  if (!host) {
    throw new AgentError('CREDENTIALS', 'in-cluster credentials need KUBERNETES_SERVICE_HOST (and _PORT) in the environment');
  }
  const caFile = join(dir, 'ca.crt');
  let ca: Buffer;
  try {
    ca = readFileSync(caFile);
  } catch (err) {
    throw new AgentError('CREDENTIALS', `cannot read ${caFile}: ${(err as Error).message}`, { cause: err });
  }
  const tokens = new FileTokenSource({
    file: join(dir, 'token'),
    onError: (err) => logger?.warn({ err: err.message }, 'watching the service-account token failed; polling instead'),
    onRotate: () => logger?.info({ file: join(dir, 'token') }, 'service-account token rotated'),
  });
  const namespace = readOptional(join(dir, 'namespace')) || config.namespace;
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const authHeaders = (): Record<string, string> => ({ authorization: `Bearer ${tokens.token}` });
  const refreshAuth = (): Promise<boolean> => Promise.resolve(tokens.reload());
  const client = createApiClient({ origin, tls: { ca }, credentials: authHeaders, refresh: refreshAuth });
  return {
    mode: 'in-cluster',
    origin,
    dispatcher: client.dispatcher,
    streamDispatcher: client.streamDispatcher,
    namespace,
    authHeaders,
    tls: () => ({ ca }),
    refreshAuth,
    async close() {
      tokens.close();
      await client.destroy();
    },
  };
}

async function createKubeconfigTarget(
  file: string,
  config: AgentConfig['kubernetes'],
  logger: Logger | undefined,
): Promise<KubeTarget> {
  // Loaded lazily: the client library is large and in-cluster agents never need it.
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (err) {
    throw new AgentError('CREDENTIALS', `cannot load kubeconfig ${file}: ${(err as Error).message}`, { cause: err });
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new AgentError('CREDENTIALS', `kubeconfig ${file} has no current cluster`);
  const url = new URL(cluster.server);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AgentError('CREDENTIALS', `kubeconfig ${file}: cluster server ${cluster.server} is not http(s)`);
  }

  // Exec plugins and OIDC tokens expire: credentials are re-applied on a short
  // cadence and after every 401. client-node caches exec results itself.
  const resolve = async (): Promise<{ tls: TlsOptions; headers: Record<string, string> }> => {
    const opts: { headers: Record<string, string>; auth?: string } & TlsOptions = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers)) headers[k.toLowerCase()] = String(v);
    if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const tls: TlsOptions = {};
    if (opts.ca) tls.ca = opts.ca;
    if (opts.cert) tls.cert = opts.cert;
    if (opts.key) tls.key = opts.key;
    if (opts.rejectUnauthorized === false) tls.rejectUnauthorized = false;
    if (opts.servername) tls.servername = opts.servername;
    return { tls, headers };
  };
  let current = await resolve();
  if (current.tls.rejectUnauthorized === false) {
    logger?.warn({ server: url.origin }, 'kubeconfig disables TLS verification of the API server (insecure-skip-tls-verify)');
  }
  const refresh = async (): Promise<boolean> => {
    try {
      const next = await resolve();
      const changed = JSON.stringify(next.headers) !== JSON.stringify(current.headers);
      current = next;
      return changed;
    } catch (err) {
      logger?.warn({ err: (err as Error).message }, 'refreshing kubeconfig credentials failed');
      return false;
    }
  };
  const client = createApiClient({ origin: url.origin, tls: current.tls, credentials: () => current.headers, refresh });
  const timer = setInterval(() => void refresh(), 60_000);
  timer.unref();
  return {
    mode: 'kubeconfig',
    origin: url.origin,
    dispatcher: client.dispatcher,
    streamDispatcher: client.streamDispatcher,
    namespace: kc.getContextObject(kc.getCurrentContext())?.namespace || config.namespace,
    authHeaders: () => current.headers,
    tls: () => current.tls,
    refreshAuth: refresh,
    async close() {
      clearInterval(timer);
      await client.destroy();
    },
  };
}

function readOptional(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
