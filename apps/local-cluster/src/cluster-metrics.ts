import { buildVersion, createMetricsRegistry } from '@scale/telemetry';
import type { ScrapeTarget } from '@scale/monitoring-stack';
import type { Registry } from 'prom-client';

export const CLUSTER_SERVICE = 'scale-local-cluster';
/** The cluster belongs to neither group; its series are told apart from both by this value. */
export const CLUSTER_GROUP = 'cluster';
export const CLUSTER_ZONE = 'local';

/** The cluster's own /metrics: its process, its control API, and what the traffic generator adds. */
export function createClusterRegistry(): Registry {
  return createMetricsRegistry({
    service: CLUSTER_SERVICE,
    group: CLUSTER_GROUP,
    zone: CLUSTER_ZONE,
    version: buildVersion(),
  });
}

export function clusterScrapeTarget(controlUrl: string): ScrapeTarget {
  return {
    address: new URL(controlUrl).host,
    labels: { service: CLUSTER_SERVICE, group: CLUSTER_GROUP, zone: CLUSTER_ZONE, instance: 'local-cluster' },
  };
}
