import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suite runs. At most one runs at a time (a partial unique index says so, race-free); the steps are
 * one jsonb array, rewritten as the run goes, since they are only ever read with their run.
 */
export class SuiteRuns1765300000000 implements MigrationInterface {
  name = 'SuiteRuns1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table suite_runs (
        id uuid primary key,
        suite text not null,
        dry_run boolean not null,
        status text not null check (status in ('running', 'completed', 'halted', 'failed', 'interrupted')),
        created_by text not null,
        created_at timestamptz not null,
        ended_at timestamptz,
        reason text,
        steps jsonb not null
      )`);
    await runner.query(`create unique index suite_runs_one_running on suite_runs ((true)) where status = 'running'`);
    await runner.query(`create index suite_runs_created_at on suite_runs (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table suite_runs`);
  }
}
