import type { Logger } from '@scale/telemetry';
import { ObjectStore } from '@scale/storage';
import type { Registry } from 'prom-client';
import type { ClusterS3, Group, ReplicaView, RunningLocalCluster, TrafficSettings } from './cluster-options';
import { startTraffic } from './traffic';
import type { TrafficSurge } from './traffic/traffic-surge';

export interface ClusterTrafficContext {
  settings: TrafficSettings;
  s3: ClusterS3;
  /** The cluster's /metrics registry, where the traffic's counters go. */
  registry: Registry;
  logger: Logger;
  /** Each group's load multiplier, changed through the control API. */
  surge?: TrafficSurge;
}

/**
 * Where a Service would send a group's requests: every API replica with a process, a frozen one
 * included (nothing tells a client it is frozen but its silence), none that is down.
 */
export function apiEndpoints(replicas: readonly ReplicaView[]): Record<Group, string[]> {
  const endpoints: Record<Group, string[]> = { control: [], experiment: [] };
  for (const replica of replicas) {
    if (replica.service === 'scale-api' && (replica.state === 'running' || replica.state === 'frozen')) {
      endpoints[replica.group].push(`http://${replica.address}`);
    }
  }
  return endpoints;
}

/** The traffic generator, started once every replica is ready, loading both groups alike. */
export function startClusterTraffic(
  cluster: RunningLocalCluster,
  context: ClusterTrafficContext,
): { stop(): Promise<void> } {
  const store = new ObjectStore(context.s3);
  const traffic = startTraffic({
    ratePerGroup: context.settings.requestsPerSecondPerGroup,
    objectsPerSecond: context.settings.objectsPerSecond,
    endpoints: () => apiEndpoints(cluster.replicas()),
    store,
    bucket: cluster.info.bucket,
    registry: context.registry,
    surge: context.surge,
  });
  context.logger.info(context.settings, 'traffic started');
  return {
    async stop() {
      await traffic.stop();
      store.destroy();
    },
  };
}
