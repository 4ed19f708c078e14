import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many times short alerts were written that started before the settling time: the version of the
 * settled past. A scrape keeps what the explanation windows of that past explain between scrapes, and
 * counts it again only when this changes (rollups/settled-explanations.ts).
 */
export class LedgerSettledChanges1765500000000 implements MigrationInterface {
  name = 'LedgerSettledChanges1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table ledger_settled_changes (
        only_row boolean primary key check (only_row),
        changes bigint not null
      )`);
    await runner.query(`insert into ledger_settled_changes (only_row, changes) values (true, 0)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table ledger_settled_changes`);
  }
}
