import type { EntityManager } from 'typeorm';
import type { Sev } from '@scale/chaos';
import { DURATION_MS } from './rollup-backfill';
import { ceilHour } from './rollup-keys';

export interface AlertTally {
  alertname: string;
  service: string;
  group: string;
  severity: string;
  sev: Sev;
  alerts: number;
  firing: number;
  /** Resolved within the noise time the roll-ups were counted for. */
  short: number;
}

export interface ResolutionTally {
  service: string;
  group: string;
  /** The bucket's upper bound in seconds (Infinity past the last). */
  le: number;
  resolved: number;
  resolvedMs: number;
}

export interface IncidentTally {
  service: string;
  group: string;
  sev: Sev;
  incidents: number;
}

/** A service's incidents that started in the on-call window. */
export interface RecentIncidents {
  service: string;
  group: string;
  incidents: number;
  resolved: number;
  resolvedMs: number;
  firstStartsAt: Date;
  lastStartsAt: Date;
  /** Null while the last one is open. */
  lastEndsAt: Date | null;
}

export interface RollupSnapshot {
  alerts: AlertTally[];
  resolutions: ResolutionTally[];
  incidents: IncidentTally[];
  recent: RecentIncidents[];
  /** The noise time `short` was counted for; null before one was. */
  noiseSeconds: number | null;
  /** The hour of the first short occurrence: windows before it explain nothing. */
  firstShortHour: Date | null;
}

/** The roll-ups a scrape reads: a few rows per label set and per hour of the on-call window, whatever the ledger's size. */
export async function readRollups(manager: EntityManager, since: Date): Promise<RollupSnapshot> {
  const alerts: Array<Record<string, string>> = await manager.query(
    `select alertname, service, group_name, severity, sev, alerts, firing, short from ledger_alert_tallies`,
  );
  const resolutions: Array<Record<string, string | number>> = await manager.query(
    `select service, group_name, le, resolved, resolved_ms from ledger_resolution_tallies`,
  );
  const incidents: Array<Record<string, string>> = await manager.query(
    `select service, group_name, sev, incidents from ledger_incident_tallies`,
  );
  // Whole hours from the hourly figures, the part-hour at the window's start from the incidents.
  const recent: Array<Record<string, string | Date | null>> = await manager.query(
    `with parts as (
       select service, group_name, incidents, resolved, resolved_ms from ledger_incident_hours where hour >= $2
       union all
       select service, group_name, 1, (ends_at is not null)::int, coalesce(${DURATION_MS}, 0)::bigint
       from ledger_incidents where starts_at >= $1 and starts_at < $2
     ), totals as (
       select service, group_name, sum(incidents) incidents, sum(resolved) resolved, sum(resolved_ms) resolved_ms
       from parts group by 1, 2 having sum(incidents) > 0
     )
     select t.*, f.starts_at first_starts_at, l.starts_at last_starts_at, l.ends_at last_ends_at
     from totals t
     cross join lateral (select starts_at from ledger_incidents i
                         where i.service = t.service and i.group_name = t.group_name and i.starts_at >= $1
                         order by starts_at limit 1) f
     cross join lateral (select starts_at, ends_at from ledger_incidents i
                         where i.service = t.service and i.group_name = t.group_name
                         order by starts_at desc limit 1) l`,
    [since, ceilHour(since)],
  );
  const [state] = (await manager.query(`select noise_seconds from ledger_noise_state`)) as Array<{
    noise_seconds: number;
  }>;
  const [first] = (await manager.query(`select min(hour) first_hour from ledger_short_alert_hours`)) as Array<{
    first_hour: Date | null;
  }>;
  return {
    alerts: alerts.map((row) => ({
      alertname: row.alertname,
      service: row.service,
      group: row.group_name,
      severity: row.severity,
      sev: row.sev as Sev,
      alerts: Number(row.alerts),
      firing: Number(row.firing),
      short: Number(row.short),
    })),
    resolutions: resolutions.map((row) => ({
      service: String(row.service),
      group: String(row.group_name),
      le: Number(row.le),
      resolved: Number(row.resolved),
      resolvedMs: Number(row.resolved_ms),
    })),
    incidents: incidents.map((row) => ({
      service: row.service,
      group: row.group_name,
      sev: row.sev as Sev,
      incidents: Number(row.incidents),
    })),
    recent: recent.map((row) => ({
      service: String(row.service),
      group: String(row.group_name),
      incidents: Number(row.incidents),
      resolved: Number(row.resolved),
      resolvedMs: Number(row.resolved_ms),
      firstStartsAt: row.first_starts_at as Date,
      lastStartsAt: row.last_starts_at as Date,
      lastEndsAt: row.last_ends_at as Date | null,
    })),
    noiseSeconds: state?.noise_seconds ?? null,
    firstShortHour: first?.first_hour ?? null,
  };
}
