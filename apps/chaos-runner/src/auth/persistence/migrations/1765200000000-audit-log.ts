import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who asked the runner to do what, and what it answered. No foreign key to experiments: attempts on
 * ids that do not exist are recorded too, and the log outlives any clean-up of experiments. A row is
 * written before the request is acted on; `status` stays null until the answer goes out.
 */
export class AuditLog1765200000000 implements MigrationInterface {
  name = 'AuditLog1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table audit_log (
        id bigint generated always as identity primary key,
        at timestamptz not null,
        actor text,
        method text not null,
        route text not null,
        experiment_id text,
        status integer check (status between 100 and 599),
        remote_address text
      )`);
    await runner.query(`create index audit_log_at on audit_log (at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table audit_log`);
  }
}
