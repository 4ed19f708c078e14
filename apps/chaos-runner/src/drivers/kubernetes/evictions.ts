import { ClusterDriverError } from '../driver';
import type { KubeContext } from './kube-context';
import { kubeError } from './kube-errors';

/**
 * Evicts pods of the experiment namespace through the Eviction API, so PodDisruptionBudgets have
 * their say. Every pod is tried; the refusals (a budget's 429 among them) are reported together
 * after. A pod already gone counts as evicted.
 */
export async function evictPods(context: KubeContext, names: readonly string[]): Promise<void> {
  const namespace = context.experimentNamespace;
  const refusals: ClusterDriverError[] = [];
  for (const name of names) {
    try {
      await context.core.createNamespacedPodEviction({
        name,
        namespace,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
      });
    } catch (error) {
      const refusal = kubeError(error, `evict pod ${name} in namespace ${namespace}`);
      if (refusal.status !== 404) refusals.push(refusal);
    }
  }
  if (refusals.length > 0) {
    throw new ClusterDriverError(refusals.map((refusal) => refusal.message).join('; '), refusals[0].status);
  }
}
