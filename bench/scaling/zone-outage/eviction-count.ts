import type { KubeContext } from '../../../apps/chaos-runner/src/drivers/kubernetes/kube-context';

/** Eviction requests the driver made through a context, and how many a PodDisruptionBudget refused (429). */
export interface EvictionCount {
  requests: number;
  budgetRefusals: number;
}

/**
 * Counts the driver's eviction requests by wrapping its client's call: the driver retries a budget's
 * refusals itself and reports only those still refused at its deadline, so the retried ones are seen
 * nowhere else.
 */
export function countEvictions(context: KubeContext): EvictionCount {
  const count: EvictionCount = { requests: 0, budgetRefusals: 0 };
  const evict = context.core.createNamespacedPodEviction.bind(context.core);
  context.core.createNamespacedPodEviction = async (...args: Parameters<typeof evict>) => {
    count.requests++;
    try {
      return await evict(...args);
    } catch (error) {
      if ((error as { code?: number }).code === 429) count.budgetRefusals++;
      throw error;
    }
  };
  return count;
}
