// The identity of this replica. Every replica of one cluster shares agent_id and
// cluster_id (the state store holds them); instance_id tells the replicas apart
// for the control plane and the Runners, so they keep a socket per replica and
// know which one is draining. It lasts for the life of the process: the pod name
// from the downward API in a cluster, else host name and process id.
import { hostname } from 'node:os';

/** POD_NAME when the Deployment passes it (fieldRef metadata.name), else `<hostname>-<pid>`. */
export function instanceId(env: NodeJS.ProcessEnv = process.env, pid: number = process.pid): string {
  const pod = env.POD_NAME?.trim();
  if (pod) return pod.slice(0, 253);
  return `${hostname()}-${pid}`.slice(0, 253);
}
