import { selectTargets, type ExperimentDocument } from '@scale/chaos';
import { ClusterDriverError, type Replica } from '../drivers/driver';
import type { PlannedInjection, ReplicaSnapshot } from './fault';

/** One injection per replica the document's selector picks from the experiment group. */
export function planPerReplica(
  document: ExperimentDocument,
  replicas: readonly Replica[],
  random?: () => number,
): PlannedInjection[] {
  return selectTargets(replicas, document.fault.target, { maxShare: document.maxTargetShare, random }).map(
    (replica) => ({
      replicaIds: [replica.id],
      revert: { replicaId: replica.id },
    }),
  );
}

/**
 * Whether the replica's process is no longer the one there before: gone, waiting to restart, or
 * replaced by a new one (the supervisor may restart it before anyone looks).
 */
export function replaced(before: Replica | undefined, now: Replica | undefined): boolean {
  if (!before || !now) return now === undefined;
  if (now.state !== 'running') return true;
  return now.restarts > before.restarts || now.startedAt !== before.startedAt || now.pids.join() !== before.pids.join();
}

/** The first of the injection's replicas for which `holds` is false, described; null when it holds for all. */
export function firstMissing(
  injection: PlannedInjection,
  before: ReplicaSnapshot,
  now: readonly Replica[],
  holds: (before: Replica | undefined, now: Replica | undefined) => boolean,
  expected: string,
): string | null {
  for (const id of injection.replicaIds) {
    const current = now.find((replica) => replica.id === id);
    if (!holds(before.get(id), current)) {
      return `${id} is not ${expected} yet (state ${current?.state ?? 'unknown'}, pids ${current?.pids.join(',') || 'none'})`;
    }
  }
  return null;
}

/** A revert aimed at something the cluster no longer has has nothing left to undo. */
export async function unlessGone(action: Promise<void>): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (error instanceof ClusterDriverError && error.status === 404) return;
    throw error;
  }
}
