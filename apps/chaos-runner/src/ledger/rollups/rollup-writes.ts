import type { EntityManager } from 'typeorm';
import type { AlertOccurrence } from '../alert-occurrence';
import { refreshIncidents } from './incident-rollups';
import { bucketOf, hourOf, isShort, LEDGER_LOCK_CLASS, NOISE_LOCK, serviceLockKey } from './rollup-keys';
import { changesSettledPast, markSettledChange } from './settled-changes';

/** A write that changed the ledger: a new occurrence, or a firing one resolved. */
export interface LedgerChange {
  readonly occurrence: AlertOccurrence;
  readonly transition: 'created-firing' | 'created-resolved' | 'resolved';
}

/**
 * Takes, in one global order, the locks a notification's writes need: the shared noise lock, then
 * the lock of each service and group it touches, so concurrent deliveries change one service's
 * incidents and tallies one after the other and never wait on each other in a cycle. Returns the
 * noise time the short alerts are counted for (null before any was set: a start-up counts them).
 */
export async function lockForWrites(
  manager: EntityManager,
  occurrences: readonly AlertOccurrence[],
): Promise<number | null> {
  await manager.query(`select pg_advisory_xact_lock_shared($1, $2)`, [LEDGER_LOCK_CLASS, NOISE_LOCK]);
  const keys = [...new Set(occurrences.map((o) => serviceLockKey(o.service ?? '', o.group ?? '')))].sort(
    (a, b) => a - b,
  );
  for (const key of keys) await manager.query(`select pg_advisory_xact_lock($1, $2)`, [LEDGER_LOCK_CLASS, key]);
  const [state] = (await manager.query(`select noise_seconds from ledger_noise_state`)) as Array<{
    noise_seconds: number;
  }>;
  return state?.noise_seconds ?? null;
}

/** Brings every roll-up up to date with the changes, in the changes' transaction (under `lockForWrites`). */
export async function applyRollups(
  manager: EntityManager,
  changes: readonly LedgerChange[],
  noiseSeconds: number | null,
): Promise<void> {
  const tallies = new Tallies();
  for (const { occurrence, transition } of changes) {
    const labels = {
      alertname: occurrence.alertname,
      service: occurrence.service ?? '',
      group: occurrence.group ?? '',
      severity: occurrence.severity ?? '',
      sev: occurrence.sev,
    };
    const created = transition !== 'resolved';
    const endsAt = transition === 'created-firing' ? null : occurrence.endsAt;
    const alert = tallies.alert(labels);
    if (created) alert.alerts++;
    if (transition === 'created-firing') alert.firing++;
    if (transition === 'resolved') alert.firing--;
    if (endsAt !== null) {
      const ms = endsAt.getTime() - occurrence.startsAt.getTime();
      const resolution = tallies.resolution(labels.service, labels.group, bucketOf(ms / 1000));
      resolution.resolved++;
      resolution.ms += ms;
      if (noiseSeconds !== null && isShort(ms, noiseSeconds)) {
        alert.short++;
        tallies.shortHour(labels, hourOf(occurrence.startsAt)).alerts++;
        if (changesSettledPast(occurrence.startsAt)) tallies.settledPastChanged = true;
      }
    }
    await refreshIncidents(manager, {
      service: labels.service,
      group: labels.group,
      startsAt: occurrence.startsAt,
      endsAt,
    });
  }
  await tallies.write(manager);
}

type Labels = { alertname: string; service: string; group: string; severity: string; sev: string };

/** The changes' deltas, summed per row before writing, each row written once. */
class Tallies {
  private readonly alerts = new Map<string, { labels: Labels; alerts: number; firing: number; short: number }>();
  private readonly resolutions = new Map<string, { key: [string, string, number]; resolved: number; ms: number }>();
  private readonly shortHours = new Map<string, { labels: Labels; hour: Date; alerts: number }>();
  /** A short alert of the settled past was written: what its windows explain must be counted again. */
  settledPastChanged = false;

  alert(labels: Labels) {
    return upsert(this.alerts, labels, () => ({ labels, alerts: 0, firing: 0, short: 0 }));
  }

  resolution(service: string, group: string, le: number) {
    const key: [string, string, number] = [service, group, le];
    return upsert(this.resolutions, key, () => ({ key, resolved: 0, ms: 0 }));
  }

  shortHour(labels: Labels, hour: Date) {
    return upsert(this.shortHours, [labels.alertname, labels.service, labels.group, hour.getTime()], () => ({
      labels,
      hour,
      alerts: 0,
    }));
  }

  async write(manager: EntityManager): Promise<void> {
    for (const { labels: l, alerts, firing, short } of sorted(this.alerts)) {
      await manager.query(
        `insert into ledger_alert_tallies as t (alertname, service, group_name, severity, sev, alerts, firing, short)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (alertname, service, group_name, severity, sev) do update
         set alerts = t.alerts + excluded.alerts, firing = t.firing + excluded.firing, short = t.short + excluded.short`,
        [l.alertname, l.service, l.group, l.severity, l.sev, alerts, firing, short],
      );
    }
    for (const { key, resolved, ms } of sorted(this.resolutions)) {
      await manager.query(
        `insert into ledger_resolution_tallies as t (service, group_name, le, resolved, resolved_ms)
         values ($1, $2, $3, $4, $5)
         on conflict (service, group_name, le) do update
         set resolved = t.resolved + excluded.resolved, resolved_ms = t.resolved_ms + excluded.resolved_ms`,
        [...key.slice(0, 2), key[2] === Infinity ? 'Infinity' : key[2], resolved, ms],
      );
    }
    for (const { labels: l, hour, alerts } of sorted(this.shortHours)) {
      await manager.query(
        `insert into ledger_short_alert_hours as t (hour, alertname, service, group_name, alerts)
         values ($1, $2, $3, $4, $5)
         on conflict (hour, alertname, service, group_name) do update set alerts = t.alerts + excluded.alerts`,
        [hour, l.alertname, l.service, l.group, alerts],
      );
    }
    if (this.settledPastChanged) await markSettledChange(manager);
  }
}

function upsert<T>(map: Map<string, T>, key: unknown, create: () => T): T {
  const text = JSON.stringify(key);
  let found = map.get(text);
  if (found === undefined) map.set(text, (found = create()));
  return found;
}

/** In key order, so two writers of the same rows lock them in the same order. */
function sorted<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}
