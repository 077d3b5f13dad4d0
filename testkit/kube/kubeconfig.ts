// Kubeconfig files for the test cluster: one per identity (admin, controller
// manager, scheduler, kwok), each embedding the run's CA and a client
// certificate, so a component started with it needs no other file.
import { readFileSync, writeFileSync } from 'node:fs';

export interface KubeconfigOptions {
  server: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  user: string;
  /** The context's default namespace. */
  namespace?: string;
}

export function writeKubeconfig(file: string, options: KubeconfigOptions): string {
  const b64 = (path: string): string => readFileSync(path).toString('base64');
  const context = { cluster: 'test', user: options.user, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: options.server, 'certificate-authority-data': b64(options.caFile) } }],
    users: [
      {
        name: options.user,
        user: { 'client-certificate-data': b64(options.certFile), 'client-key-data': b64(options.keyFile) },
      },
    ],
    contexts: [{ name: 'test', context }],
    'current-context': 'test',
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}
