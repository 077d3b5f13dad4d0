// Command lines of the test cluster's control plane: etcd, kube-apiserver,
// kube-controller-manager and kube-scheduler, all on 127.0.0.1. Each component
// authenticates with its own client certificate (CN=system:kube-controller-manager,
// CN=system:kube-scheduler), so the API server's RBAC bootstrap roles apply as
// in a real cluster; the controllers use one service account each.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Pki } from './pki.ts';

export const SERVICE_CIDR = '10.0.0.0/24';

export function etcdArgs(dir: string, binary: string, clientUrl: string, peerUrl: string): string[] {
  return [
    '--name=test',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=test=${peerUrl}`,
    ...supportedFlags(binary, ['--unsafe-no-fsync', '--log-level']).map((flag) => (flag === '--log-level' ? '--log-level=warn' : flag)),
  ];
}

export function apiserverArgs(dir: string, pki: Pki, etcdServer: string, port: number): string[] {
  return [
    `--etcd-servers=${etcdServer}`,
    `--cert-dir=${join(dir, 'certs')}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--secure-port=${port}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.serviceAccountKey}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--allow-privileged=true',
    '--enable-priority-and-fairness=false',
    // A loopback advertise address is refused by the default endpoint reconciler.
    '--endpoint-reconciler-type=none',
    // kwok serves the kubelet API with a self-signed certificate; the API server does not verify it by default.
    '--kubelet-preferred-address-types=InternalIP',
    '--profiling=false',
    // The API server's own audit log: specs read the user it saw (impersonation).
    `--audit-policy-file=${join(import.meta.dirname, 'audit-policy.yaml')}`,
    `--audit-log-path=${join(dir, 'kube-apiserver-audit.log')}`,
  ];
}

/**
 * The default controllers ("*"; the cloud ones live in cloud-controller-manager) minus node IPAM,
 * which needs --allocate-node-cidrs (kwok hands out pod IPs itself).
 */
const CONTROLLERS = ['*', '-node-ipam-controller'];

// Neither the controller manager nor the scheduler serves HTTPS (--secure-port=0): nothing
// reads their /healthz or /metrics, and skipping it saves a self-signed certificate and a port.
export function controllerManagerArgs(pki: Pki, kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    '--secure-port=0',
    '--leader-elect=false',
    `--controllers=${CONTROLLERS.join(',')}`,
    // Each controller acts as its own service account in kube-system, as kubeadm sets it up.
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${pki.serviceAccountKey}`,
    `--root-ca-file=${pki.caCert}`,
    `--cluster-signing-cert-file=${pki.caCert}`,
    `--cluster-signing-key-file=${pki.caKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--profiling=false',
  ];
}

export function schedulerArgs(kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    '--secure-port=0',
    '--leader-elect=false',
    '--profiling=false',
  ];
}

/** The subset of optional flags a binary knows (etcd releases differ; Debian's is older). */
function supportedFlags(binary: string, flags: string[]): string[] {
  const help = spawnSync(binary, ['--help'], { encoding: 'utf8' });
  const text = `${help.stdout}${help.stderr}`;
  return flags.filter((flag) => text.includes(flag));
}
