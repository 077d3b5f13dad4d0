// Doctor checks along the path to the control plane (and static Runners), one
// layer at a time so the first broken one is named: DNS, TCP, TLS, then the
// WebSocket upgrade with the token and the pipeops.agent.v1 subprotocol, as
// the agent makes it. The socket is closed as soon as it opens: nothing is
// registered.
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect, isIP } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import type { AgentConfig } from '../config/types.ts';
import { dialTrust, openWebSocket, trustedCa, type DialSettings } from '../tunnel/dial-options.ts';
import { protocolVersion, SUBPROTOCOLS } from '../version.ts';
import { describeError, isCertificateError, withTimeout, type Report } from './report.ts';

export interface Endpoint {
  /** For the report: "control plane" or "Runner <name>". */
  label: string;
  url: URL;
  token: string;
}

interface TlsSettings {
  ca: Array<string | Buffer> | undefined;
  rejectUnauthorized: boolean;
}

/** pipeops.tls read by the agent's own function (tunnel/dial-options.ts), so doctor trusts exactly what the agent trusts. */
function trustOf(config: AgentConfig['pipeops']['tls']): Pick<DialSettings, 'extraCa' | 'insecureSkipVerify'> {
  return dialTrust({ caFile: config.ca_file, insecureSkipVerify: config.insecure_skip_verify });
}

function tlsSettings(config: AgentConfig['pipeops']['tls']): TlsSettings {
  // pipeops.tls.ca_file adds to the default trust store, as the agent's own dial does.
  const trust = trustOf(config);
  return { ca: trustedCa(trust.extraCa), rejectUnauthorized: !trust.insecureSkipVerify };
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
}

/** Resolves the host; returns the first address, or undefined after reporting a failure. */
export async function checkDns(endpoint: Endpoint, report: Report, timeoutMs: number): Promise<string | undefined> {
  const host = hostOf(endpoint.url);
  if (isIP(host)) {
    report.pass(`DNS: ${endpoint.label} host ${host} is an address`);
    return host;
  }
  try {
    const addresses = await withTimeout(lookup(host, { all: true }), timeoutMs, `DNS lookup of ${host}`);
    report.pass(`DNS: ${host} → ${addresses.map((a) => a.address).join(', ')}`);
    return addresses[0]?.address;
  } catch (err) {
    report.fail(
      `DNS: cannot resolve ${host} (${describeError(err)})`,
      "check the host in the URL and this machine's resolver (/etc/resolv.conf; in a pod, cluster DNS)",
    );
    return undefined;
  }
}

export async function checkTcp(endpoint: Endpoint, address: string, report: Report, timeoutMs: number): Promise<boolean> {
  const port = portOf(endpoint.url);
  const started = performance.now();
  const where = `${hostOf(endpoint.url)}:${port}`;
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = tcpConnect({ host: address, port });
      socket.setTimeout(timeoutMs, () => {
        socket.destroy();
        reject(Object.assign(new Error(`no answer within ${timeoutMs / 1000}s`), { code: 'ETIMEDOUT' }));
      });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', reject);
    });
    report.pass(`TCP: connected to ${where} (${address}) in ${Math.round(performance.now() - started)} ms`);
    return true;
  } catch (err) {
    report.fail(
      `TCP: cannot connect to ${where} (${describeError(err)})`,
      `allow outbound TCP to ${where} (firewall, HTTP proxy rules, egress NetworkPolicy) and check that the port is right`,
    );
    return false;
  }
}

function certificateSummary(cert: PeerCertificate): string {
  const subject = cert.subject?.CN ?? cert.subjectaltname ?? 'unnamed';
  return `certificate ${subject}, valid until ${new Date(cert.valid_to).toISOString().slice(0, 10)}`;
}

export async function checkTls(
  endpoint: Endpoint,
  address: string,
  tls: AgentConfig['pipeops']['tls'],
  report: Report,
  timeoutMs: number,
): Promise<boolean> {
  const host = hostOf(endpoint.url);
  const settings = tlsSettings(tls);
  try {
    const summary = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({
        host: address,
        port: portOf(endpoint.url),
        servername: isIP(host) ? undefined : host,
        ...(settings.ca ? { ca: settings.ca } : {}),
        rejectUnauthorized: settings.rejectUnauthorized,
        ALPNProtocols: ['http/1.1'],
      });
      socket.setTimeout(timeoutMs, () => {
        socket.destroy();
        reject(Object.assign(new Error(`no TLS handshake within ${timeoutMs / 1000}s`), { code: 'ETIMEDOUT' }));
      });
      socket.once('secureConnect', () => {
        const text = `${socket.getProtocol() ?? 'TLS'}, ${certificateSummary(socket.getPeerCertificate())}`;
        const authorized = socket.authorized;
        socket.destroy();
        resolve(authorized ? text : `${text}, NOT verified`);
      });
      socket.once('error', reject);
    });
    if (!settings.rejectUnauthorized) {
      report.warn(`TLS: ${summary}; verification is off (pipeops.tls.insecure_skip_verify): never in production`);
    } else {
      report.pass(`TLS: ${summary}`);
    }
    return true;
  } catch (err) {
    if (isCertificateError(err)) {
      report.fail(
        `TLS: the certificate of ${host} is not trusted (${describeError(err)})`,
        "set pipeops.tls.ca_file to the CA that signed it, or fix the system's trust store; check that the host name matches the certificate",
      );
    } else {
      report.fail(
        `TLS: handshake with ${host} failed (${describeError(err)})`,
        'check that the port speaks TLS (https/wss) and that no middlebox intercepts it',
      );
    }
    return false;
  }
}

type UpgradeOutcome =
  | { kind: 'open'; protocol: string }
  | { kind: 'status'; status: number }
  | { kind: 'error'; error: Error };

function upgrade(endpoint: Endpoint, config: AgentConfig['pipeops'], timeoutMs: number): Promise<UpgradeOutcome> {
  const trust = trustOf(config.tls);
  return new Promise((resolve) => {
    // The agent's own dial with the agent's own settings, so doctor passes exactly when the agent would connect.
    const ws = openWebSocket(endpoint.url, SUBPROTOCOLS, {
      token: endpoint.token,
      ...trust,
      compression: config.compression,
      handshakeTimeout: timeoutMs,
    });
    ws.once('open', () => {
      const protocol = ws.protocol;
      ws.close(1000, 'pipeops-agent doctor');
      resolve({ kind: 'open', protocol });
    });
    ws.once('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      resolve({ kind: 'status', status: res.statusCode ?? 0 });
    });
    ws.once('error', (error) => {
      ws.terminate();
      resolve({ kind: 'error', error });
    });
  });
}

export async function checkUpgrade(
  endpoint: Endpoint,
  config: AgentConfig['pipeops'],
  report: Report,
  timeoutMs: number,
): Promise<boolean> {
  const where = `WebSocket ${endpoint.url.origin}${endpoint.url.pathname}`;
  const outcome = await upgrade(endpoint, config, timeoutMs);
  switch (outcome.kind) {
    case 'open':
      if (protocolVersion(outcome.protocol) === undefined) {
        report.fail(
          `${where}: the server selected neither ${SUBPROTOCOLS.join(' nor ')}`,
          'the URL does not lead to a PipeOps control plane or Runner that speaks this agent version',
        );
        return false;
      }
      report.pass(`${where}: upgrade accepted with ${outcome.protocol}, token accepted (${endpoint.label})`);
      return true;
    case 'status':
      if (outcome.status === 401 || outcome.status === 403) {
        report.fail(
          `${where}: token rejected (HTTP ${outcome.status})`,
          endpoint.label === 'control plane'
            ? 'check the PipeOps token (pipeops.token, pipeops.token_file or the systemd credential pipeops-token): copy it again from PipeOps; it may have been revoked'
            : `check the token configured for ${endpoint.label}`,
        );
      } else {
        report.fail(
          `${where}: upgrade refused with HTTP ${outcome.status}`,
          outcome.status === 404
            ? 'check pipeops.api_url: the agent dials <api_url>/ws/agent'
            : 'check the URL, and any HTTP proxy or load balancer in between (it must pass WebSocket upgrades)',
        );
      }
      return false;
    case 'error': {
      const message = outcome.error.message;
      if (/subprotocol/i.test(message)) {
        report.fail(
          `${where}: the server selected neither ${SUBPROTOCOLS.join(' nor ')} (${message})`,
          'the URL does not lead to a PipeOps control plane or Runner that speaks this agent version',
        );
      } else {
        report.fail(
          `${where}: upgrade failed (${describeError(outcome.error)})`,
          'check the URL, and any HTTP proxy or load balancer in between (it must pass WebSocket upgrades)',
        );
      }
      return false;
    }
  }
}

/** DNS, TCP, TLS (for wss) and the upgrade, stopping at the first failure. */
export async function checkEndpoint(
  endpoint: Endpoint,
  config: AgentConfig['pipeops'],
  report: Report,
  timeoutMs: number,
): Promise<boolean> {
  const address = await checkDns(endpoint, report, timeoutMs);
  if (address === undefined) return false;
  if (!(await checkTcp(endpoint, address, report, timeoutMs))) return false;
  if (endpoint.url.protocol === 'wss:') {
    if (!(await checkTls(endpoint, address, config.tls, report, timeoutMs))) return false;
  } else {
    report.warn(`${endpoint.label}: ${endpoint.url.origin} is not encrypted (ws://): use https/wss outside a test setup`);
  }
  return checkUpgrade(endpoint, config, report, timeoutMs);
}
