import type { V1Pod } from '@kubernetes/client-node';

/**
 * The pods that keep a zone's nodes from being cordoned for the experiment group: every pod on them
 * that is neither in the experiment namespace, nor a DaemonSet's (one per node, never rescheduled),
 * nor finished. Described as `namespace/name on node`.
 */
export function podsSharingNodes(pods: readonly V1Pod[], experimentNamespace: string): string[] {
  return pods
    .filter((pod) => pod.metadata?.namespace !== experimentNamespace)
    .filter((pod) => !pod.metadata?.ownerReferences?.some((owner) => owner.kind === 'DaemonSet'))
    .filter((pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')
    .map((pod) => `${pod.metadata?.namespace}/${pod.metadata?.name} on ${pod.spec?.nodeName}`);
}
