import type { AlertStatus } from './alert-occurrence';

/**
 * What a notified alert does to the ledger:
 * - `created-firing`, `created-resolved`: a new occurrence (a resolution may be the first news of one,
 *   when the ledger was down while it fired);
 * - `resolved`: a firing occurrence ends;
 * - `unchanged`: the ledger already knows this (a redelivery, or Alertmanager's repeat of a firing group);
 * - `stale`: a firing notification for an occurrence already resolved. Resolutions are final: this is
 *   an older notification arriving late (a retry, or a second Alertmanager of a pair), and a new firing
 *   of the same alert has a new start, so it is a new occurrence.
 */
export type Transition = 'created-firing' | 'created-resolved' | 'resolved' | 'unchanged' | 'stale';

export function transitionOf(recorded: { readonly endsAt: Date | null } | null, notified: AlertStatus): Transition {
  if (recorded === null) return notified === 'firing' ? 'created-firing' : 'created-resolved';
  const recordedStatus: AlertStatus = recorded.endsAt === null ? 'firing' : 'resolved';
  if (recordedStatus === notified) return 'unchanged';
  return notified === 'resolved' ? 'resolved' : 'stale';
}
