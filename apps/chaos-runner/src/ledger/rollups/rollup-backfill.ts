import { TIME_TO_RESOLVE_BUCKETS } from '../ledger-metric-families';

/** A query runner, entity manager or data source: what runs the statements. */
type Query = { query(sql: string, parameters?: unknown[]): Promise<unknown> };

/** An occurrence's time to resolve in milliseconds, exactly (extract gives numeric seconds). */
export const DURATION_MS = `((extract(epoch from ends_at) - extract(epoch from starts_at)) * 1000)`;
/** Resolved within the noise time, $1 seconds. */
export const SHORT = `(ends_at is not null and ${DURATION_MS} <= $1::float8 * 1000)`;

/**
 * Counts short resolved occurrences again for a noise time of `noiseSeconds`: the per-label totals and
 * the per-hour counts the explanation windows are matched against. Reads the whole ledger once.
 */
export async function backfillShortAlerts(runner: Query, noiseSeconds: number): Promise<void> {
  await runner.query(`update ledger_alert_tallies set short = 0 where short <> 0`);
  await runner.query(
    `update ledger_alert_tallies t set short = s.short
     from (select alertname, coalesce(service, '') service, coalesce(group_name, '') group_name,
                  coalesce(severity, '') severity, sev, count(*) short
           from alerts where ${SHORT} group by 1, 2, 3, 4, 5) s
     where (t.alertname, t.service, t.group_name, t.severity, t.sev) = (s.alertname, s.service, s.group_name, s.severity, s.sev)`,
    [noiseSeconds],
  );
  await runner.query(`delete from ledger_short_alert_hours`);
  await runner.query(
    `insert into ledger_short_alert_hours (hour, alertname, service, group_name, alerts)
     select date_trunc('hour', starts_at, 'UTC'), alertname, coalesce(service, ''), coalesce(group_name, ''), count(*)
     from alerts where ${SHORT} group by 1, 2, 3, 4`,
    [noiseSeconds],
  );
  await runner.query(
    `insert into ledger_noise_state (only_row, noise_seconds) values (true, $1)
     on conflict (only_row) do update set noise_seconds = excluded.noise_seconds`,
    [noiseSeconds],
  );
}

/**
 * Every roll-up from the ledger's rows, into empty roll-up tables: what the migration does to a ledger
 * kept before the roll-ups existed. Incidents are merged as `incidentsOf` merges them: by service and
 * group, in order of start, an occurrence joining the incident when it starts by the latest end so far.
 */
export async function backfillLedgerRollups(runner: Query, noiseSeconds: number): Promise<void> {
  await runner.query(
    `insert into ledger_alert_tallies (alertname, service, group_name, severity, sev, alerts, firing)
     select alertname, coalesce(service, ''), coalesce(group_name, ''), coalesce(severity, ''), sev,
            count(*), count(*) filter (where ends_at is null)
     from alerts group by 1, 2, 3, 4, 5`,
  );
  await runner.query(
    `insert into ledger_resolution_tallies (service, group_name, le, resolved, resolved_ms)
     select coalesce(service, ''), coalesce(group_name, ''),
            coalesce((select min(b) from unnest($1::float8[]) b where b * 1000 >= ${DURATION_MS}), 'Infinity'),
            count(*), sum(${DURATION_MS})::bigint
     from alerts where ends_at is not null group by 1, 2, 3`,
    [TIME_TO_RESOLVE_BUCKETS],
  );
  await runner.query(
    `insert into ledger_incidents (service, group_name, sev, starts_at, ends_at, alerts)
     select service, group_name, min(sev), min(starts_at), nullif(max(reach), 'infinity'), count(*)
     from (select *, count(*) filter (where opens) over (partition by service, group_name order by starts_at, id) incident
           from (select id, service, group_name, sev, starts_at, reach,
                        coalesce(starts_at > max(reach) over (partition by service, group_name order by starts_at, id
                                                              rows between unbounded preceding and 1 preceding), true) opens
                 from (select id, coalesce(service, '') service, coalesce(group_name, '') group_name, sev, starts_at,
                              coalesce(ends_at, 'infinity') reach
                       from alerts) a) marked) numbered
     group by service, group_name, incident`,
  );
  await runner.query(
    `insert into ledger_incident_tallies (service, group_name, sev, incidents)
     select service, group_name, sev, count(*) from ledger_incidents group by 1, 2, 3`,
  );
  await runner.query(
    `insert into ledger_incident_hours (hour, service, group_name, incidents, resolved, resolved_ms)
     select date_trunc('hour', starts_at, 'UTC'), service, group_name, count(*), count(ends_at),
            coalesce(sum(${DURATION_MS}), 0)::bigint
     from ledger_incidents group by 1, 2, 3`,
  );
  await backfillShortAlerts(runner, noiseSeconds);
}
