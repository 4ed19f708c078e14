import { selectTargets, type ExperimentDocument } from '@scale/chaos';
import type { Replica } from '../drivers/driver';
import type { FaultKindDefinition, PlannedInjection } from './fault';
import { paramsSchemaOf } from './params-schema';
import { firstMissing } from './replica-state';

function zoneOf(document: ExperimentDocument): string {
  if (document.fault.kind !== 'zone-outage') throw new Error(`zone-outage cannot plan a ${document.fault.kind}`);
  return document.fault.params.zone;
}

export const zoneOutage: FaultKindDefinition = {
  kind: 'zone-outage',
  level: 'zone',
  selfHealing: false,
  description:
    'Availability-zone outage: every replica of the experiment group in `zone` stopped and held down (not restarted) for the duration, then brought back. ' +
    'On Kubernetes its pods are evicted and kept out of the zone (replacements start in the other zones).',
  params: paramsSchemaOf('zone-outage'),
  plan(document: ExperimentDocument, replicas: readonly Replica[]): PlannedInjection[] {
    const zone = zoneOf(document);
    // The target's service must live in the zone (or the outage would not touch what the hypothesis is about) ...
    selectTargets(replicas, { ...document.fault.target, zone, mode: 'all' }, { maxShare: 1 });
    // ... and the outage takes every service of the group there, within the maximum share of each.
    const down = selectTargets(replicas, { zone, mode: 'all' }, { maxShare: document.maxTargetShare });
    return [{ replicaIds: down.map((replica) => replica.id), revert: { group: 'experiment', zone } }];
  },
  async confirm(injection, driver) {
    await driver.checkZoneOutage?.('experiment', injection.revert.zone as string);
  },
  async inject(injection, { driver }) {
    const changes = await driver.zoneDown('experiment', injection.revert.zone as string);
    return changes ? { ...injection.revert, ...changes } : injection.revert;
  },
  // Down: held with no process (the local cluster), or gone from the cluster (an evicted pod, whose replacement is another replica).
  check: (injection, before, now) =>
    firstMissing(
      injection,
      before,
      now,
      (_, current) => current === undefined || (current.pids.length === 0 && current.state !== 'running'),
      'down',
    ),
  async revert(target, driver) {
    if (target.group && target.zone) {
      await driver.zoneUp(target.group, target.zone, { cordonedNodes: target.cordonedNodes });
    }
  },
};
