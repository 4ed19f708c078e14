import { TargetSelectionError } from '@scale/chaos';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeContext } from './kube-context';
import { asking } from './kube-errors';
import { LABELS } from './labels';

/**
 * What the chart renders for `traffic.enabled` (templates/traffic): a ConfigMap the group's traffic generator
 * reads every few seconds. Its `multiplier` key is the runner's alone (absent means 1), so a surge changes no
 * Deployment and restarts no pod, and a `helm upgrade`, which never rendered the key, leaves it as it is.
 */
export const TRAFFIC_GENERATOR = { component: 'traffic-generator', multiplierKey: 'multiplier' } as const;

const SELECTOR = `${LABELS.partOf}=scale,${LABELS.component}=${TRAFFIC_GENERATOR.component},${LABELS.group}=experiment`;

/** The experiment group's generator ConfigMap; undefined when its release runs no generator. */
export async function findTrafficConfig(context: KubeContext): Promise<string | undefined> {
  const namespace = context.experimentNamespace;
  const { items } = await asking(`list the traffic generator ConfigMaps in namespace ${namespace}`, () =>
    context.core.listNamespacedConfigMap({ namespace, labelSelector: SELECTOR }),
  );
  if (items.length > 1) {
    const names = items.map((map) => map.metadata?.name).join(', ');
    throw new TargetSelectionError(`namespace ${namespace} has more than one traffic generator (${names})`);
  }
  return items[0]?.metadata?.name;
}

/** The generator's ConfigMap; a TargetSelectionError (422) naming the value to set when there is none. */
export async function requireTrafficConfig(context: KubeContext): Promise<string> {
  const found = await findTrafficConfig(context);
  if (found) return found;
  throw new TargetSelectionError(
    `the experiment group runs no traffic generator (no ConfigMap labelled ${SELECTOR} in namespace ${context.experimentNamespace}): install its release with traffic.enabled=true`,
  );
}

/**
 * The experiment group's load as a multiple of its steady rate. 1 removes the key (steady), and with no
 * generator at all there is nothing to restore, so a revert is always safe.
 */
export async function setExperimentTrafficMultiplier(context: KubeContext, multiplier: number): Promise<void> {
  const name = multiplier === 1 ? await findTrafficConfig(context) : await requireTrafficConfig(context);
  if (!name) return;
  const namespace = context.experimentNamespace;
  const value = multiplier === 1 ? null : String(multiplier);
  await asking(`set the traffic multiplier to ${multiplier} on ConfigMap ${name} in namespace ${namespace}`, () =>
    context.core.patchNamespacedConfigMap(
      { name, namespace, body: { data: { [TRAFFIC_GENERATOR.multiplierKey]: value } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    ),
  );
}
