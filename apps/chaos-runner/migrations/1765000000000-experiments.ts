import { MigrationInterface, QueryRunner } from 'typeorm';

/** Experiments with their journals, the records that undo their faults, and the runner's halts. */
export class Experiments1765000000000 implements MigrationInterface {
  name = 'Experiments1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table experiments (
        id uuid primary key,
        title text not null,
        target_group text not null check (target_group in ('control', 'experiment')),
        status text not null,
        fault_kind text not null,
        dry_run boolean not null,
        document jsonb not null,
        targets jsonb not null default '[]',
        created_by text not null,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        injected_at timestamptz,
        detected_at timestamptz,
        recovered_at timestamptz,
        ended_at timestamptz,
        abort_reason text,
        verdict jsonb,
        samples jsonb not null default '{}'
      )`);
    // One experiment per group at a time, enforced where two runners (or two requests) cannot race it.
    await runner.query(`
      create unique index experiments_one_active_per_group on experiments (target_group)
        where status in ('pending', 'checking-steady-state', 'injecting', 'running', 'reverting', 'verifying')`);
    await runner.query(`create index experiments_created_at on experiments (created_at desc)`);
    await runner.query(`
      create table experiment_journal (
        id bigint generated always as identity primary key,
        experiment_id uuid not null references experiments (id) on delete cascade,
        at timestamptz not null default clock_timestamp(),
        step text not null,
        detail jsonb not null default '{}'
      )`);
    await runner.query(`create index experiment_journal_by_experiment on experiment_journal (experiment_id, id)`);
    await runner.query(`
      create table revert_records (
        id uuid primary key,
        experiment_id uuid not null references experiments (id) on delete cascade,
        fault_kind text not null,
        target jsonb not null,
        created_at timestamptz not null default now(),
        reverted_at timestamptz,
        attempts integer not null default 0,
        last_error text
      )`);
    // Start-up and halt look for the records still open; there are few, and this keeps it so.
    await runner.query(`create index revert_records_open on revert_records (created_at) where reverted_at is null`);
    await runner.query(`
      create table runner_halt (
        id bigint generated always as identity primary key,
        halted_by text not null,
        reason text,
        halted_at timestamptz not null default now(),
        released_by text,
        released_at timestamptz
      )`);
    await runner.query(`create unique index runner_halt_one_open on runner_halt ((true)) where released_at is null`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table runner_halt`);
    await runner.query(`drop table revert_records`);
    await runner.query(`drop table experiment_journal`);
    await runner.query(`drop table experiments`);
  }
}
