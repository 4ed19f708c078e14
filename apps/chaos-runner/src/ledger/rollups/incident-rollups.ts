import type { EntityManager } from 'typeorm';
import type { Sev } from '@scale/chaos';
import { incidentsOf, type Incident } from '../statistics/incidents';
import { hourOf } from './rollup-keys';

export interface IncidentChange {
  readonly service: string;
  readonly group: string;
  readonly startsAt: Date;
  /** Null while the occurrence fires. */
  readonly endsAt: Date | null;
}

interface IncidentRow {
  id: string;
  sev: Sev;
  starts_at: Date;
  ends_at: Date | null;
}

/**
 * Re-merges the incidents an occurrence's change touches. An incident is a maximal run of overlapping
 * occurrences, so only the incidents overlapping the occurrence can merge or split (a resolution
 * shrinks it, but its open incident took in everything after it, so that one is among them); their
 * occurrences are exactly those starting within their union. They are merged
 * again with `incidentsOf` and replace the old ones, their totals and hourly figures moved with them.
 */
export async function refreshIncidents(manager: EntityManager, change: IncidentChange): Promise<void> {
  const touched: IncidentRow[] = await manager.query(
    `select id, sev, starts_at, ends_at from ledger_incidents
     where service = $1 and group_name = $2 and starts_at <= coalesce($4::timestamptz, 'infinity')
       and (ends_at is null or ends_at >= $3)`,
    [change.service, change.group, change.startsAt, change.endsAt],
  );
  let from = change.startsAt.getTime();
  let to = change.endsAt === null ? Infinity : change.endsAt.getTime();
  for (const row of touched) {
    from = Math.min(from, row.starts_at.getTime());
    to = Math.max(to, row.ends_at === null ? Infinity : row.ends_at.getTime());
  }
  const members: Array<{ sev: Sev; starts_at: Date; ends_at: Date | null }> = await manager.query(
    `select sev, starts_at, ends_at from alerts
     where coalesce(service, '') = $1 and coalesce(group_name, '') = $2
       and starts_at >= $3 and starts_at <= coalesce($4::timestamptz, 'infinity')`,
    [change.service, change.group, new Date(from), Number.isFinite(to) ? new Date(to) : null],
  );
  const merged = incidentsOf(
    members.map((row) => ({
      alertname: '',
      service: change.service,
      group: change.group,
      severity: null,
      sev: row.sev,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      firstSeenAt: row.starts_at,
    })),
  );
  if (touched.length > 0) {
    await manager.query(`delete from ledger_incidents where id = any($1::bigint[])`, [touched.map((row) => row.id)]);
  }
  for (const incident of merged) {
    await manager.query(
      `insert into ledger_incidents (service, group_name, sev, starts_at, ends_at, alerts) values ($1, $2, $3, $4, $5, $6)`,
      [change.service, change.group, incident.sev, incident.startsAt, incident.endsAt, incident.alerts],
    );
  }
  const removed = touched.map((row) => ({ sev: row.sev, startsAt: row.starts_at, endsAt: row.ends_at }));
  await moveTallies(manager, change, removed, merged);
}

type Figures = Pick<Incident, 'sev' | 'startsAt' | 'endsAt'>;

async function moveTallies(
  manager: EntityManager,
  where: { service: string; group: string },
  removed: readonly Figures[],
  added: readonly Figures[],
): Promise<void> {
  const bySev = new Map<Sev, number>();
  const byHour = new Map<number, { incidents: number; resolved: number; ms: number }>();
  const count = (incident: Figures, sign: 1 | -1) => {
    bySev.set(incident.sev, (bySev.get(incident.sev) ?? 0) + sign);
    const hour = hourOf(incident.startsAt).getTime();
    const figures = byHour.get(hour) ?? { incidents: 0, resolved: 0, ms: 0 };
    figures.incidents += sign;
    if (incident.endsAt !== null) {
      figures.resolved += sign;
      figures.ms += sign * (incident.endsAt.getTime() - incident.startsAt.getTime());
    }
    byHour.set(hour, figures);
  };
  for (const incident of removed) count(incident, -1);
  for (const incident of added) count(incident, 1);
  for (const [sev, delta] of [...bySev].sort(([a], [b]) => a.localeCompare(b))) {
    if (delta === 0) continue;
    await manager.query(
      `insert into ledger_incident_tallies as t (service, group_name, sev, incidents) values ($1, $2, $3, $4)
       on conflict (service, group_name, sev) do update set incidents = t.incidents + excluded.incidents`,
      [where.service, where.group, sev, delta],
    );
  }
  for (const [hour, figures] of [...byHour].sort(([a], [b]) => a - b)) {
    if (figures.incidents === 0 && figures.resolved === 0 && figures.ms === 0) continue;
    const [row] = (await manager.query(
      `insert into ledger_incident_hours as t (hour, service, group_name, incidents, resolved, resolved_ms)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (hour, service, group_name) do update
       set incidents = t.incidents + excluded.incidents, resolved = t.resolved + excluded.resolved,
           resolved_ms = t.resolved_ms + excluded.resolved_ms
       returning incidents`,
      [new Date(hour), where.service, where.group, figures.incidents, figures.resolved, figures.ms],
    )) as Array<{ incidents: string }>;
    // An hour no incident starts in any more is not kept: the window's sum reads fewer rows.
    if (Number(row.incidents) === 0) {
      await manager.query(`delete from ledger_incident_hours where hour = $1 and service = $2 and group_name = $3`, [
        new Date(hour),
        where.service,
        where.group,
      ]);
    }
  }
}
