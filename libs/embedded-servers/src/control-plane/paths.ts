import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Kubernetes version scripts/install-kubernetes.sh builds; its cache folder is named after it. */
const KUBERNETES_VERSION = 'v1.36.3';

/**
 * The per-machine cache scripts/install-kubernetes.sh builds into; SCALE_KUBERNETES_HOME moves it, as it
 * does for the script.
 */
function kubernetesHome(): string {
  const home = process.env.SCALE_KUBERNETES_HOME ?? join(homedir(), '.cache', 'scale', 'kubernetes');
  return join(home, KUBERNETES_VERSION);
}

/** etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok and helm. */
export function kubernetesBinDir(): string {
  return join(kubernetesHome(), 'bin');
}

/** KWOK's default stages (`kwok-stages/`) and the Prometheus Operator's CRDs (`crds/`). */
export function kubernetesShareDir(): string {
  return join(kubernetesHome(), 'share');
}
