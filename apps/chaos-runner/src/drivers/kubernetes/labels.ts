import type { Group } from '../driver';

/**
 * The labels the chart (`helm/scale`) puts on the pods of a group's API and extractor: the contract
 * by which the driver finds its replicas.
 */
export const LABELS = {
  partOf: 'app.kubernetes.io/part-of',
  component: 'app.kubernetes.io/component',
  /** The replica's service, `scale-api` or `scale-extractor`, as the local cluster names them. */
  name: 'app.kubernetes.io/name',
  group: 'scale.dev/group',
} as const;

/** The components that are replicas; the main container of each is named after its component. */
export const COMPONENTS = ['api', 'extractor'] as const;

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The label selector of one group's replicas. */
export function replicaSelector(group: Group): string {
  return `${LABELS.partOf}=scale,${LABELS.group}=${group},${LABELS.component} in (${COMPONENTS.join(',')})`;
}

/**
 * What the driver writes on what it changes for a zone outage, so that a revert undoes exactly that:
 * on a Deployment, the zones whose exclusion it added; on a node, the zone whose outage cordoned it.
 */
export const ANNOTATIONS = {
  excludedZones: 'chaos.scale.dev/excluded-zones',
  cordonedFor: 'chaos.scale.dev/cordoned-for-zone',
} as const;
