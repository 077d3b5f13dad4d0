// How the agent opens a WebSocket to the control plane or a Runner: TLS trust,
// headers and compression, in one place, used by the agent's socket
// (outbound-socket.ts) and by `doctor` (doctor/control-plane-checks.ts), so the
// two cannot disagree about what connects. The subprotocols offered are the
// caller's parameter.
import { readFileSync } from 'node:fs';
import { getCACertificates, rootCertificates } from 'node:tls';
import WebSocket from 'ws';
import { USER_AGENT } from '../version.ts';

export interface DialSettings {
  token: string;
  /** PEM of pipeops.tls.ca_file: added to the trusted roots, never in their place. */
  extraCa?: string | Buffer;
  insecureSkipVerify?: boolean;
  compression: boolean;
  handshakeTimeout: number;
  /** Hard cap on an inbound message; ws closes the socket (1009) past it. */
  maxPayload?: number;
  /** The roots a server certificate may chain to besides extraCa; default Node's (bundled + NODE_EXTRA_CA_CERTS). */
  roots?: readonly string[];
}

/** Node's default trust store: the bundled roots plus NODE_EXTRA_CA_CERTS (`tls.rootCertificates` lacks the latter). */
export function defaultRoots(): readonly string[] {
  return typeof getCACertificates === 'function' ? getCACertificates('default') : rootCertificates;
}

/**
 * The `ca` option for a TLS client: undefined (Node's defaults) without extraCa; with it, the default roots and
 * extraCa together, since a `ca` option replaces the defaults.
 */
export function trustedCa(extraCa: string | Buffer | undefined, roots?: readonly string[]): Array<string | Buffer> | undefined {
  if (extraCa === undefined && roots === undefined) return undefined;
  return [...(roots ?? defaultRoots()), ...(extraCa === undefined ? [] : [extraCa])];
}

/** pipeops.tls as a dial reads it. */
export interface DialTrustOptions {
  /** pipeops.tls.ca_file; '' or undefined for none. */
  caFile?: string;
  insecureSkipVerify?: boolean;
}

/**
 * The trust part of DialSettings from pipeops.tls: the one place the CA file is
 * read, for the agent's sockets and doctor's checks alike.
 */
export function dialTrust(o: DialTrustOptions): Pick<DialSettings, 'extraCa' | 'insecureSkipVerify'> {
  return { ...(o.caFile ? { extraCa: readFileSync(o.caFile) } : {}), insecureSkipVerify: o.insecureSkipVerify ?? false };
}

export function dialOptions(s: DialSettings): WebSocket.ClientOptions {
  const ca = trustedCa(s.extraCa, s.roots);
  return {
    headers: { Authorization: `Bearer ${s.token}`, 'User-Agent': USER_AGENT },
    handshakeTimeout: s.handshakeTimeout,
    ...(s.maxPayload !== undefined ? { maxPayload: s.maxPayload } : {}),
    followRedirects: false,
    perMessageDeflate: s.compression
      ? // Frames under 4 KiB go uncompressed: the few bytes deflate saves cost
        // more than a round trip through zlib's thread pool. No context
        // takeover either way: no 32 KiB window kept per socket, and the peer
        // then sends its small frames (most requests) uncompressed too, which
        // took the agent's CPU per small request from 0.39 to 0.16 ms.
        { zlibDeflateOptions: { level: 1 }, threshold: 4096, concurrencyLimit: 2, clientNoContextTakeover: true, serverNoContextTakeover: true }
      : false,
    ...(ca ? { ca } : {}),
    rejectUnauthorized: !s.insecureSkipVerify,
  };
}

/**
 * Whether frames to `url` may carry the zero masking key. Masking (RFC 6455
 * §10.3) exists for intermediaries that would read the byte stream as HTTP:
 * inside TLS, or on loopback, there is none that can. With the zero key ws
 * neither copies a payload into a masked buffer nor XORs it, so a list streams
 * with one copy fewer; a peer unmasks as always (XOR with zero). Plain ws:// to
 * another host keeps random keys.
 */
export function zeroMaskKey(url: string | URL): boolean {
  const u = new URL(url);
  if (u.protocol === 'wss:') return true;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const zeroMask = (mask: Buffer): void => {
  mask.fill(0);
};

/** Starts the opening handshake offering `subprotocols`, in order of preference. */
export function openWebSocket(url: string | URL, subprotocols: readonly string[], settings: DialSettings): WebSocket {
  const options = dialOptions(settings);
  return new WebSocket(url, [...subprotocols], zeroMaskKey(url) ? { ...options, generateMask: zeroMask } : options);
}
