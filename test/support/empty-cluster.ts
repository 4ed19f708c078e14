import type { ClusterDriver } from '../../apps/chaos-runner/src/drivers/driver';

/**
 * A cluster with no replicas and nothing listening: every request the HTTP layer passes on is answered
 * by the engine's real services before they would need a cluster (validation, halt, target selection).
 */
export const EMPTY_CLUSTER: ClusterDriver = {
  name: 'local',
  info: async () => ({
    prometheusUrl: 'http://127.0.0.1:9',
    alertmanagerUrl: 'http://127.0.0.1:9',
    bucket: 'scale-midi',
    zones: ['a', 'b'],
    groups: {
      control: { databaseUrl: 'postgres://127.0.0.1:9/none' },
      experiment: { databaseUrl: 'postgres://127.0.0.1:9/none' },
    },
    cgroups: false,
  }),
  replicas: async () => [],
  signal: async () => undefined,
  killPod: async () => undefined,
  zoneDown: async () => undefined,
  zoneUp: async () => undefined,
  startCpuHog: async () => ({ id: 'none' }),
  stopCpuHog: async () => undefined,
};
