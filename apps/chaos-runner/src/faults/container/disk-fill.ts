import type { FaultKindDefinition } from '../fault';
import { requireDriverMethod } from '../group-fault';
import { paramsSchemaOf } from '../params-schema';
import { planPerReplica, unlessGone } from '../replica-state';

export const diskFill: FaultKindDefinition = {
  kind: 'disk-fill',
  level: 'container',
  selfHealing: false,
  description:
    "Disk fill: a file written into the replica's writable space (its scratch directory, as a container's writable layer) until the space holds `sharePercent` of its ephemeral-storage limit; " +
    'real bytes, synced to disk. Removed on revert, by replica, so a runner started again removes it too.',
  params: paramsSchemaOf('disk-fill'),
  plan: planPerReplica,
  async confirm(_injection, driver) {
    requireDriverMethod(driver.fillDisk, "fill a replica's writable space");
  },
  async inject(injection, { driver, document }) {
    if (document.fault.kind !== 'disk-fill') throw new Error(`disk-fill cannot inject a ${document.fault.kind}`);
    await driver.fillDisk?.(injection.revert.replicaId as string, { sharePercent: document.fault.params.sharePercent });
    return injection.revert;
  },
  // Nothing in the replicas' state shows a full disk; the cluster answers once the bytes are on disk.
  check: () => null,
  async revert(target, driver) {
    if (target.replicaId && driver.clearDiskFills) await unlessGone(driver.clearDiskFills(target.replicaId));
  },
};
