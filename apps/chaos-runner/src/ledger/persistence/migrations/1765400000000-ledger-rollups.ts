import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_NOISE_SECONDS } from '../../ledger-options';
import { backfillLedgerRollups } from '../../rollups/rollup-backfill';

/**
 * Roll-ups of the alert ledger, kept by every write in the write's transaction, so a scrape of the
 * ledger's metrics reads a few rows per label set instead of every occurrence ever recorded:
 * per-label totals, the resolution-time histogram, the incidents with their per-SEV totals and
 * per-hour figures (MTTR and MTBF over a sliding window), and short alerts per hour (noise is what
 * the explanation windows do not cover). Filled here from the rows already in the ledger; the short
 * alerts for the default noise time, recounted at start-up when the runner is set to another.
 */
export class LedgerRollups1765400000000 implements MigrationInterface {
  name = 'LedgerRollups1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    // A missing service, group or severity label is '' here, as on the series and in `incidentsOf`.
    await runner.query(`
      create table ledger_alert_tallies (
        alertname text not null,
        service text not null,
        group_name text not null,
        severity text not null,
        sev text not null,
        alerts bigint not null default 0,
        firing bigint not null default 0,
        short bigint not null default 0,
        primary key (alertname, service, group_name, severity, sev)
      )`);
    // `le` is the smallest bucket bound at or above the time to resolve ('Infinity' past the last).
    await runner.query(`
      create table ledger_resolution_tallies (
        service text not null,
        group_name text not null,
        le float8 not null,
        resolved bigint not null,
        resolved_ms bigint not null,
        primary key (service, group_name, le)
      )`);
    await runner.query(`
      create table ledger_short_alert_hours (
        hour timestamptz not null,
        alertname text not null,
        service text not null,
        group_name text not null,
        alerts bigint not null,
        primary key (hour, alertname, service, group_name)
      )`);
    await runner.query(`
      create table ledger_incidents (
        id bigint generated always as identity primary key,
        service text not null,
        group_name text not null,
        sev text not null,
        starts_at timestamptz not null,
        ends_at timestamptz,
        alerts integer not null
      )`);
    await runner.query(`create index ledger_incidents_by_service on ledger_incidents (service, group_name, starts_at)`);
    await runner.query(`create index ledger_incidents_starts_at on ledger_incidents (starts_at)`);
    await runner.query(`
      create table ledger_incident_tallies (
        service text not null,
        group_name text not null,
        sev text not null,
        incidents bigint not null,
        primary key (service, group_name, sev)
      )`);
    await runner.query(`
      create table ledger_incident_hours (
        hour timestamptz not null,
        service text not null,
        group_name text not null,
        incidents bigint not null,
        resolved bigint not null,
        resolved_ms bigint not null,
        primary key (hour, service, group_name)
      )`);
    // The noise time the short alerts were counted for.
    await runner.query(`
      create table ledger_noise_state (
        only_row boolean primary key check (only_row),
        noise_seconds float8 not null
      )`);
    // An incident's occurrences are read by service and group as the roll-ups key them.
    await runner.query(
      `create index alerts_by_incident_key on alerts ((coalesce(service, '')), (coalesce(group_name, '')), starts_at)`,
    );
    await backfillLedgerRollups(runner, DEFAULT_NOISE_SECONDS);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop index alerts_by_incident_key`);
    for (const table of [
      'ledger_noise_state',
      'ledger_incident_hours',
      'ledger_incident_tallies',
      'ledger_incidents',
      'ledger_short_alert_hours',
      'ledger_resolution_tallies',
      'ledger_alert_tallies',
    ]) {
      await runner.query(`drop table ${table}`);
    }
  }
}
