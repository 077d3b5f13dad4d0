// What the test API server itself reports, read from its /metrics as admin.
import { kube } from '../../testkit/kube/harness.ts';

/** Watches the API server is serving right now, from its own apiserver_longrunning_requests gauge. */
export async function openWatches(resource: string, scope: string): Promise<number> {
  const metrics = (await kube.adminRequest('GET', '/metrics')).text;
  let n = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('apiserver_longrunning_requests{') && line.includes('verb="WATCH"') && line.includes(`resource="${resource}"`) && line.includes(`scope="${scope}"`)) {
      n += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return n;
}

/** Connections of a CONNECT subresource (exec, attach, portforward) the API server holds open right now. */
export async function openConnects(subresource: 'exec' | 'attach' | 'portforward'): Promise<number> {
  const metrics = (await kube.adminRequest('GET', '/metrics')).text;
  let n = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('apiserver_longrunning_requests{') && line.includes('verb="CONNECT"') && line.includes(`subresource="${subresource}"`)) {
      n += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return n;
}
