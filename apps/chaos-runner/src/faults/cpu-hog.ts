import type { FaultKindDefinition } from './fault';
import { paramsSchemaOf } from './params-schema';
import { firstMissing, planPerReplica, unlessGone } from './replica-state';

export const cpuHog: FaultKindDefinition = {
  kind: 'cpu-hog',
  level: 'container',
  selfHealing: false,
  description:
    "CPU hog: a process beside the replica burning `loadPercent` of `cores` cores, within the replica's CPU limit where the cluster has one. " +
    'It ends by itself after `timeoutSeconds` (the duration plus a grace period when left out), even if the runner dies.',
  params: paramsSchemaOf('cpu-hog'),
  plan: planPerReplica,
  async inject(injection, { driver, document, graceSeconds }) {
    if (document.fault.kind !== 'cpu-hog') throw new Error(`cpu-hog cannot inject a ${document.fault.kind}`);
    const { cores, loadPercent, timeoutSeconds } = document.fault.params;
    const replicaId = injection.revert.replicaId as string;
    const hog = await driver.startCpuHog(replicaId, {
      cores,
      loadPercent,
      timeoutSeconds: timeoutSeconds ?? Math.ceil(document.durationSeconds + graceSeconds),
    });
    return { ...injection.revert, hogId: hog.id };
  },
  // A hog runs beside the replica's own process, in its cgroup (its pod): the replica counts one process more.
  check: (injection, before, now) =>
    firstMissing(
      injection,
      before,
      now,
      (previous, current) => current?.state === 'running' && current.pids.length > (previous?.pids.length ?? 1),
      'running beside its hog',
    ),
  async revert(target, driver) {
    // Without an id (the runner stopped between starting the hog and recording it) the hog ends at its own deadline.
    if (target.hogId) await unlessGone(driver.stopCpuHog(target.hogId));
  },
};
