import type { V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';

/** What the driver notes on a Deployment whose zone it excluded (apps/chaos-runner/.../labels.ts). */
const EXCLUDED_ZONES = 'chaos.scale.dev/excluded-zones';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export type Pods = ReadonlyMap<string, V1Pod>;
export type Deployments = ReadonlyMap<string, V1Deployment>;
export type Nodes = ReadonlyMap<string, V1Node>;

/** A pod that serves: Running, Ready, not being deleted. */
export function serving(pod: V1Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !pod.metadata?.deletionTimestamp &&
    (pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false)
  );
}

export function zoneOfNode(nodes: Nodes, name: string | undefined): string | undefined {
  return name === undefined ? undefined : nodes.get(name)?.metadata?.labels?.[ZONE_LABEL];
}

export function podsInZone(pods: Pods, nodes: Nodes, zone: string): V1Pod[] {
  return [...pods.values()].filter((pod) => zoneOfNode(nodes, pod.spec?.nodeName) === zone);
}

export function zoneCordoned(nodes: Nodes, zone: string, cordoned: boolean): boolean {
  const there = [...nodes.values()].filter((node) => node.metadata?.labels?.[ZONE_LABEL] === zone);
  const tainted = (node: V1Node) =>
    node.spec?.taints?.some((taint) => taint.key === 'node.kubernetes.io/unschedulable') ?? false;
  return (
    there.length > 0 &&
    there.every((node) => (node.spec?.unschedulable ?? false) === cordoned && (cordoned || !tainted(node)))
  );
}

export function zoneExcluded(deployments: Deployments, zone: string, excluded: boolean): boolean {
  return (
    deployments.size > 0 &&
    [...deployments.values()].every(
      (deployment) => (deployment.metadata?.annotations?.[EXCLUDED_ZONES] ?? '').split(',').includes(zone) === excluded,
    )
  );
}

/** Every Deployment has rolled out its current template: all replicas updated and available. */
export function rolledOut(deployments: Deployments): boolean {
  return [...deployments.values()].every((deployment) => {
    const wanted = deployment.spec?.replicas ?? 0;
    const status = deployment.status;
    return (
      (status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0) &&
      status?.updatedReplicas === wanted &&
      status.replicas === wanted &&
      status.availableReplicas === wanted
    );
  });
}

/** Exactly `wanted` pods, every one serving: nothing Pending, nothing Terminating. */
export function allServing(pods: Pods, wanted: number): boolean {
  return pods.size === wanted && [...pods.values()].every(serving);
}

/** Pod name → node, to tell afterwards whether any pod was replaced or moved. */
export function placements(pods: Pods): Map<string, string> {
  return new Map([...pods.values()].map((pod) => [pod.metadata?.name ?? '', pod.spec?.nodeName ?? '']));
}

export function changedPlacements(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): number {
  let changed = 0;
  for (const [name, node] of before) if (after.get(name) !== node) changed++;
  for (const name of after.keys()) if (!before.has(name)) changed++;
  return changed;
}
