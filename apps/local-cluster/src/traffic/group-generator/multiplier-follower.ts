import { setTimeout as sleep } from 'node:timers/promises';
import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { MAX_TRAFFIC_MULTIPLIER } from '../traffic-surge';

/** The ConfigMap key the chaos runner writes (its traffic-multiplier.ts); absent means steady load. */
export const MULTIPLIER_KEY = 'multiplier';

export interface MultiplierSource {
  kubeConfig: KubeConfig;
  namespace: string;
  configMap: string;
  pollMs: number;
}

/**
 * The multiplier the ConfigMap says now: 1 without the key or the ConfigMap; a value the surge cannot
 * take (not a number, or outside 1 to MAX_TRAFFIC_MULTIPLIER) is clamped into range, never fatal.
 */
export async function readMultiplier(core: CoreV1Api, namespace: string, name: string): Promise<number> {
  try {
    const map = await core.readNamespacedConfigMap({ name, namespace });
    const value = Number(map.data?.[MULTIPLIER_KEY] ?? 1);
    return Number.isFinite(value) ? Math.min(MAX_TRAFFIC_MULTIPLIER, Math.max(1, value)) : 1;
  } catch (error) {
    if (error instanceof ApiException && (error as ApiException<unknown>).code === 404) return 1;
    throw error;
  }
}

/**
 * Reads the ConfigMap every `pollMs` and calls `apply` when the multiplier changes (at once with the
 * first reading). A poll rather than a watch: one small GET a few seconds apart, and nothing to resume
 * when the API server ends a watch. A failed read keeps the multiplier as it was and is reported.
 */
export function followMultiplier(
  source: MultiplierSource,
  apply: (multiplier: number) => void,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  const core = source.kubeConfig.makeApiClient(CoreV1Api);
  const stopping = new AbortController();
  let current: number | undefined;
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const multiplier = await readMultiplier(core, source.namespace, source.configMap);
        if (multiplier !== current) apply((current = multiplier));
      } catch (error) {
        onError(error);
      }
      await sleep(source.pollMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
