import type { ExperimentDocument } from '@scale/chaos';
import type { MemoryHogSpec } from '../../drivers/driver';
import type { FaultKindDefinition } from '../fault';
import { requireDriverMethod } from '../group-fault';
import { paramsSchemaOf } from '../params-schema';
import { firstMissing, planPerReplica, replaced, unlessGone } from '../replica-state';

function specOf(document: ExperimentDocument, graceSeconds: number): MemoryHogSpec {
  if (document.fault.kind !== 'memory-hog') throw new Error(`memory-hog cannot inject a ${document.fault.kind}`);
  const { megabytes, sharePercent, timeoutSeconds } = document.fault.params;
  return {
    ...(megabytes === undefined ? { sharePercent } : { megabytes }),
    timeoutSeconds: timeoutSeconds ?? Math.ceil(document.durationSeconds + graceSeconds),
  };
}

export const memoryHog: FaultKindDefinition = {
  kind: 'memory-hog',
  level: 'container',
  selfHealing: false,
  description:
    "Memory hog: a process in the replica's container (its memory cgroup) that allocates and touches `megabytes` MiB and holds it, or holds the container at `sharePercent` of its memory limit (allocating and giving back as the replica's own memory moves), " +
    "against the replica's own memory: past the limit the kernel's OOM killer ends one of them. It ends by itself after `timeoutSeconds` (the duration plus a grace period when left out), even if the runner dies.",
  params: paramsSchemaOf('memory-hog'),
  plan: planPerReplica,
  async confirm(_injection, driver) {
    requireDriverMethod(driver.startMemoryHog, "start a memory hog in a replica's container");
  },
  async inject(injection, { driver, document, graceSeconds }) {
    const replicaId = injection.revert.replicaId as string;
    const hog = await driver.startMemoryHog?.(replicaId, specOf(document, graceSeconds));
    return { ...injection.revert, hogId: hog?.id ?? null };
  },
  // The hog is one process more in the replica; or, if the OOM killer chose the replica, a new replica.
  check: (injection, before, now) =>
    firstMissing(
      injection,
      before,
      now,
      (previous, current) =>
        current?.state === 'running' &&
        (current.pids.length > (previous?.pids.length ?? 1) || replaced(previous, current)),
      'running beside its memory hog (or restarted by the OOM killer)',
    ),
  async revert(target, driver) {
    // Without an id (the runner stopped between starting the hog and recording it) the hog ends at its own deadline.
    if (target.hogId && driver.stopMemoryHog) await unlessGone(driver.stopMemoryHog(target.hogId));
  },
};
