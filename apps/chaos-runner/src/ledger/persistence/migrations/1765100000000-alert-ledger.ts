import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alert ledger: one row per alert occurrence (an alert's fingerprint and the moment it started
 * firing), from its first notification to its resolution. Alertmanager redelivers and repeats
 * notifications, so the occurrence key is unique and a notification already applied changes nothing.
 */
export class AlertLedger1765100000000 implements MigrationInterface {
  name = 'AlertLedger1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table alerts (
        id bigint generated always as identity primary key,
        fingerprint text not null,
        starts_at timestamptz not null,
        ends_at timestamptz,
        alertname text not null,
        service text,
        group_name text,
        zone text,
        instance text,
        severity text,
        sev text not null check (sev in ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
        labels jsonb not null,
        annotations jsonb not null,
        generator_url text,
        first_seen_at timestamptz not null default now(),
        resolved_seen_at timestamptz,
        constraint alerts_occurrence unique (fingerprint, starts_at),
        constraint alerts_ends_after_start check (ends_at is null or ends_at >= starts_at),
        constraint alerts_resolution_seen check ((ends_at is null) = (resolved_seen_at is null))
      )`);
    // The statistics read a time range; the firing gauge and "firing=true" read the open occurrences.
    await runner.query(`create index alerts_starts_at on alerts (starts_at)`);
    await runner.query(`create index alerts_firing on alerts (starts_at) where ends_at is null`);
    await runner.query(`create index alerts_by_service on alerts (service, group_name, starts_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table alerts`);
  }
}
