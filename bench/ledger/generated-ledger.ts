import type pg from 'pg';

/**
 * `count` occurrences over the year before `now`, written by one INSERT … SELECT generate_series:
 * six services and groups, four alerts, most resolved within minutes (noise candidates), a few lasting
 * up to a day, and some of the last day's still firing. Seeded, so both sizes have the same shape.
 */
export async function generateLedger(client: pg.Client, count: number, now: Date): Promise<void> {
  await client.query(`select setseed(0.15)`);
  await client.query(
    `insert into alerts (fingerprint, starts_at, ends_at, alertname, service, group_name, zone, instance, severity, sev,
                           labels, annotations, generator_url, first_seen_at, resolved_seen_at)
       select 'fp' || i, starts_at, ends_at, (array['TargetDown', 'ZoneOutage', 'HighCpu', 'Watchdog'])[a],
              (array['scale-api', 'scale-api', 'scale-extractor', 'scale-extractor', 'scale-chaos-runner', null])[s],
              (array['experiment', 'control', 'experiment', 'control', 'control', null])[s], 'a', null,
              (array['high', 'critical', 'warning', 'info'])[a], (array['SEV2', 'SEV1', 'SEV3', 'SEV4'])[a],
              '{}', '{}', null, starts_at, ends_at
       from (select i, 1 + (i % 6) s, 1 + (i / 6) % 4 a, starts_at,
                    case when starts_at + duration > $2::timestamptz or (starts_at > $2::timestamptz - interval '1 day' and firing < 0.3) then null
                         else starts_at + duration end ends_at
             from (select i, date_trunc('milliseconds', $2::timestamptz - random() * interval '365 days') starts_at, random() firing,
                          date_trunc('milliseconds', case when kind < 0.7 then interval '30 seconds' + random() * interval '5 minutes'
                                                          when kind < 0.99 then random() * interval '1 hour'
                                                          else random() * interval '1 day' end) duration
                   from (select i, random() kind from generate_series(1, $1) i) k) d) o`,
    [count, now],
  );
}
