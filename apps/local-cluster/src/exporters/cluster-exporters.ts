import {
  POSTGRES_ANSWER_MODULE,
  TCP_CONNECT_MODULE,
  type ProbeTarget,
  type ProbeTargets,
  type ScrapeTarget,
} from '@scale/monitoring-stack';
import { CLUSTER_GROUP, CLUSTER_ZONE } from '../cluster-metrics';
import { GROUPS, type Group } from '../cluster-options';
import { replicaAddress, type ReplicaSpec } from '../replicas/replica-plan';

export const NODE_EXPORTER_SERVICE = 'node-exporter';
export const BLACKBOX_EXPORTER_SERVICE = 'blackbox-exporter';
/** The probed database's service label: one Postgres server holds both groups' catalogs. */
export const POSTGRES_SERVICE = 'postgres';

export interface ExporterAddresses {
  nodeExporterAddress: string;
  blackboxExporterAddress: string;
}

/** The node exporter describes the one machine every replica shares: it belongs to the cluster, not a group. */
export function nodeExporterTarget(exporters: ExporterAddresses): ScrapeTarget {
  return {
    address: exporters.nodeExporterAddress,
    labels: { service: NODE_EXPORTER_SERVICE, group: CLUSTER_GROUP, zone: CLUSTER_ZONE, instance: 'local-node' },
  };
}

/**
 * Probes of what each group's services call: its Postgres, at the address its services use (through the
 * group's fault proxy when there is one), and every API replica, at the address traffic reaches it on.
 * The proxy accepts connections by itself, so a bare connect would succeed through a cut link: Postgres is
 * probed by an exchange it must answer (POSTGRES_ANSWER_MODULE), so a link that resets or drops data fails
 * the probe and a slow one lengthens it. Each probe's series carry the probed service's group and zone.
 */
export function clusterProbes(
  exporters: ExporterAddresses,
  specs: readonly ReplicaSpec[],
  databaseUrls: Record<Group, string>,
): ProbeTargets {
  const databases = GROUPS.map((group): ProbeTarget => {
    const url = new URL(databaseUrls[group]);
    return {
      address: `${url.hostname}:${url.port || '5432'}`,
      labels: { service: POSTGRES_SERVICE, group, zone: CLUSTER_ZONE, instance: `postgres-${group}` },
      module: POSTGRES_ANSWER_MODULE,
    };
  });
  const apis = specs
    .filter((spec) => spec.role === 'api')
    .map((spec): ScrapeTarget => ({
      address: replicaAddress(spec),
      labels: { service: spec.service, group: spec.group, zone: spec.zone, instance: spec.id },
    }));
  return {
    exporter: {
      address: exporters.blackboxExporterAddress,
      labels: { service: BLACKBOX_EXPORTER_SERVICE, group: CLUSTER_GROUP, zone: CLUSTER_ZONE, instance: 'blackbox' },
    },
    module: TCP_CONNECT_MODULE,
    targets: [...databases, ...apis],
  };
}
