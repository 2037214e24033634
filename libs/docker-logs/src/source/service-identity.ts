/**
 * The service a container belongs to: replicas of one service, on one host or many, are one
 * thing to whoever is on call. Swarm's service name, else Compose's service, else the
 * Kubernetes workload that owns the pod (with the container's name when the pod runs others),
 * else the container's own name.
 */
export function serviceIdentity(name: string, labels: Readonly<Record<string, string>>): string {
  const swarm = labels['com.docker.swarm.service.name'];
  if (swarm) return swarm;
  const compose = labels['com.docker.compose.service'];
  if (compose) return compose;
  const pod = labels['io.kubernetes.pod.name'];
  if (pod) {
    const owner = podOwner(pod);
    const container = labels['io.kubernetes.container.name'];
    return container && container !== owner ? `${owner}/${container}` : owner;
  }
  return name;
}

// Kubernetes makes hashes and suffixes from an alphabet without vowels (no words by accident):
// `error-monitor-4xk2p` is the DaemonSet `error-monitor`, not the Deployment `error`.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
const STATEFUL_POD = /^(.+)-\d+$/;
const OTHER_POD = new RegExp(`^(.+)-${SAFE}{5}$`);

/**
 * The workload a pod's name was made from: a Deployment's pods are `<name>-<replica set
 * hash>-<5 characters>`, a StatefulSet's `<name>-<ordinal>`, a DaemonSet's or a Job's
 * `<name>-<5 characters>`.
 */
export function podOwner(pod: string): string {
  return DEPLOYMENT_POD.exec(pod)?.[1] ?? STATEFUL_POD.exec(pod)?.[1] ?? OTHER_POD.exec(pod)?.[1] ?? pod;
}
