import type { V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import type { KubernetesDriver } from '../../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import type { ZoneOutageChanges } from '../../../apps/chaos-runner/src/drivers/driver';
import {
  allServing,
  changedPlacements,
  placements,
  podsInZone,
  rolledOut,
  serving,
  zoneCordoned,
  zoneExcluded,
  zoneOfNode,
} from './cluster-state';
import type { EvictionCount } from './eviction-count';
import type { ObjectWatch } from './object-watch';

export type ZoneMode = 'namespace' | 'nodes';

export interface Watched {
  readonly pods: ObjectWatch<V1Pod>;
  readonly deployments: ObjectWatch<V1Deployment>;
  readonly nodes: ObjectWatch<V1Node>;
  readonly controlPods: ObjectWatch<V1Pod>;
  /** The driver's eviction requests, counted as it makes them. */
  readonly evictions: EvictionCount;
}

/** One zone outage and its revert, seconds from the start of the driver's call. */
export interface RoundTimes {
  readonly zone: string;
  /** The experiment group's pods in the zone when it went down. */
  readonly podsInZone: number;
  /** The zone's nodes cordoned (nodes), or every Deployment's affinity excluding it (namespace). */
  readonly patchSeconds: number;
  /** Every pod of the group in the zone being deleted. */
  readonly evictSeconds: number;
  /** None of them left there. */
  readonly zoneEmptySeconds: number;
  /** zoneDown returned. */
  readonly downCallSeconds: number;
  /** The group back to its full count of serving pods, all outside the zone. */
  readonly replacedSeconds: number;
  /** Rollouts done, nothing Pending or Terminating. */
  readonly settledSeconds: number;
  /** Eviction requests zoneDown made, retries included. */
  readonly evictionRequests: number;
  /** Of them, refused by a PodDisruptionBudget (429) and retried or reported. */
  readonly budgetRefusals: number;
  /** Evictions still refused at the driver's deadline (zoneDown then reports them as its error). */
  readonly refusedEvictions: number;
  readonly revertCallSeconds: number;
  /** The change undone, rollouts done and every pod serving. */
  readonly revertSettledSeconds: number;
  /** The group's pods in the zone once the revert settled. */
  readonly backInZone: number;
  /** Control-group pods created, deleted or moved during the round: 0 unless the driver touched them. */
  readonly controlChanged: number;
}

/** Takes `zone` down with the driver, waits for the group to settle elsewhere, reverts, waits again. */
export async function outageRound(
  driver: KubernetesDriver,
  watched: Watched,
  mode: ZoneMode,
  zone: string,
  wanted: number,
): Promise<RoundTimes> {
  const { pods, deployments, nodes, controlPods, evictions } = watched;
  const controlBefore = placements(controlPods.objects);
  const inZone = podsInZone(pods.objects, nodes.objects, zone).length;
  const started = performance.now();
  const since = (at: number) => (at - started) / 1000;

  const patched =
    mode === 'nodes'
      ? nodes.when('zone cordoned', (all) => zoneCordoned(all, zone, true))
      : deployments.when('zone excluded', (all) => zoneExcluded(all, zone, true));
  const evicted = pods.when('zone evicted', (all) =>
    podsInZone(all, nodes.objects, zone).every((pod) => pod.metadata?.deletionTimestamp),
  );
  const empty = pods.when('zone empty', (all) => podsInZone(all, nodes.objects, zone).length === 0);
  const replaced = pods.when(
    'replacements serving',
    (all) =>
      [...all.values()].filter((pod) => serving(pod) && zoneOfNode(nodes.objects, pod.spec?.nodeName) !== zone)
        .length >= wanted,
  );
  // Awaited together below; a failed zoneDown must not leave them to reject unobserved.
  for (const moment of [patched, evicted, empty, replaced]) moment.catch(() => undefined);
  let refusedEvictions = 0;
  const requestsBefore = evictions.requests;
  const refusalsBefore = evictions.budgetRefusals;
  let changes: ZoneOutageChanges | void = undefined;
  try {
    changes = await driver.zoneDown('experiment', zone);
  } catch (error) {
    // The driver tries every pod and reports the refusals together, one `evict pod` each.
    refusedEvictions = (String(error).match(/evict pod \S+ in namespace/g) ?? []).length;
    if (refusedEvictions === 0) throw error;
  }
  const downCall = performance.now();
  const evictionRequests = evictions.requests - requestsBefore;
  const budgetRefusals = evictions.budgetRefusals - refusalsBefore;
  const patchAt = await patched;
  // In the nodes mode, refused evictions leave their pods in the zone (no rollout moves them): no
  // moment after the patch comes, and the round goes on to the revert.
  const [evictAt, emptyAt, replacedAt, settledAt] =
    refusedEvictions > 0 && mode === 'nodes'
      ? [NaN, NaN, NaN, NaN]
      : [
          ...(await Promise.all([evicted, empty, replaced])),
          await settled(watched, wanted, () => podsInZone(pods.objects, nodes.objects, zone).length === 0),
        ];

  const revertStarted = performance.now();
  await driver.zoneUp('experiment', zone, changes ?? {});
  const revertCall = performance.now();
  // Uncordoned, and the unschedulable taint the node controller derives from it gone: until then the
  // scheduler still leaves the zone out.
  if (mode === 'nodes') await nodes.when('zone uncordoned', (all) => zoneCordoned(all, zone, false));
  else await deployments.when('zone readmitted', (all) => zoneExcluded(all, zone, false));
  const revertSettledAt = await settled(watched, wanted, () => true);

  return {
    zone,
    podsInZone: inZone,
    patchSeconds: since(patchAt),
    evictSeconds: since(evictAt),
    zoneEmptySeconds: since(emptyAt),
    downCallSeconds: since(downCall),
    replacedSeconds: since(replacedAt),
    settledSeconds: since(settledAt),
    evictionRequests,
    budgetRefusals,
    refusedEvictions,
    revertCallSeconds: (revertCall - revertStarted) / 1000,
    revertSettledSeconds: (revertSettledAt - revertStarted) / 1000,
    backInZone: podsInZone(pods.objects, nodes.objects, zone).length,
    controlChanged: changedPlacements(controlBefore, placements(controlPods.objects)),
  };
}

/** How often `settled` looks at the watches' objects (in memory: no request). */
const SETTLED_POLL_MS = 50;

/**
 * The first moment rollouts are done and exactly `wanted` pods serve, `also` holding. Two watches
 * are involved, so this looks at both every 50 ms rather than at either one's events.
 */
async function settled(watched: Watched, wanted: number, also: () => boolean, timeoutMs = 300_000): Promise<number> {
  const { pods, deployments } = watched;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (rolledOut(deployments.objects) && allServing(pods.objects, wanted) && also()) return performance.now();
    if (performance.now() > deadline) throw new Error(`the group did not settle within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, SETTLED_POLL_MS));
  }
}
