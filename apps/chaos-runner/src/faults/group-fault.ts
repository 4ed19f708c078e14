import { selectTargets, TargetSelectionError, type ExperimentDocument } from '@scale/chaos';
import type { Replica } from '../drivers/driver';
import type { PlannedInjection } from './fault';

/**
 * One injection on the experiment group as a whole: every replica of `service` (or of every service
 * when left out) is hit, within the document's maximum share, and the revert record needs only the group.
 */
export function planGroupInjection(
  document: ExperimentDocument,
  replicas: readonly Replica[],
  service?: string,
): PlannedInjection[] {
  // The target's service must exist in the group, or the hypothesis would be about nothing the fault touches.
  selectTargets(replicas, { ...document.fault.target, mode: 'all' }, { maxShare: 1 });
  const hit = selectTargets(replicas, { service, mode: 'all' }, { maxShare: document.maxTargetShare });
  return [{ replicaIds: hit.map((replica) => replica.id), revert: { group: 'experiment' } }];
}

/** Refuses before the injection when the cluster's driver cannot do what the fault needs. */
export function requireDriverMethod(available: unknown, what: string): void {
  if (typeof available !== 'function') throw new TargetSelectionError(`this cluster cannot ${what}`);
}
