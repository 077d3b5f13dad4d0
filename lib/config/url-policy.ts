// Which URLs may be dialled without TLS: while pipeops.tls.enabled is true,
// plain http:// and ws:// only to loopback addresses. Used for configured URLs
// at start-up and for Runner URLs the control plane assigns at run time.

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** True for an http:// or ws:// URL to anything but a loopback address. */
export function isPlaintextRemote(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'ws:') && !LOOPBACK.test(u.hostname);
  } catch {
    return false;
  }
}
