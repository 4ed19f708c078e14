import { setTimeout as sleep } from 'node:timers/promises';
import { ClusterDriverError } from '../driver';
import type { KubeContext } from './kube-context';
import { kubeError } from './kube-errors';

export interface EvictionOptions {
  /** How long a budget's refusal (429) is retried, as `kubectl drain` does, before it is reported. */
  timeoutMs: number;
  /** The pause between two rounds of retries. */
  retryMs?: number;
}

/**
 * Evicts pods of the experiment namespace through the Eviction API, so PodDisruptionBudgets have
 * their say. A budget that allows one disruption at a time refuses the second pod of a zone until
 * the first one's replacement is ready: those refusals are retried until `timeoutMs`, the others are
 * final. Every pod is tried; what is still refused is reported together at the end. A pod already
 * gone counts as evicted.
 */
export async function evictPods(
  context: KubeContext,
  names: readonly string[],
  options: EvictionOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const refusals: ClusterDriverError[] = [];
  let pending = [...names];
  for (;;) {
    const budgetRefused: ClusterDriverError[] = [];
    const again: string[] = [];
    for (const name of pending) {
      const refusal = await evictPod(context, name);
      if (refusal?.status === 429) {
        budgetRefused.push(refusal);
        again.push(name);
      } else if (refusal) {
        refusals.push(refusal);
      }
    }
    pending = again;
    if (pending.length === 0 || Date.now() >= deadline) {
      refusals.push(...budgetRefused);
      break;
    }
    await sleep(options.retryMs ?? 1000);
  }
  if (refusals.length > 0) {
    throw new ClusterDriverError(refusals.map((refusal) => refusal.message).join('; '), refusals[0].status);
  }
}

async function evictPod(context: KubeContext, name: string): Promise<ClusterDriverError | undefined> {
  const namespace = context.experimentNamespace;
  try {
    await context.core.createNamespacedPodEviction({
      name,
      namespace,
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
    });
    return undefined;
  } catch (error) {
    const refusal = kubeError(error, `evict pod ${name} in namespace ${namespace}`);
    return refusal.status === 404 ? undefined : refusal;
  }
}
