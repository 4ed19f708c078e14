import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The song list's search (`title ilike '%…%' or object_key ilike '%…%'`) read every row; trigram
 * indexes on both columns let Postgres answer it with a bitmap of the matching rows instead. Both
 * are needed: with one, the `or` would still scan the table for the other column.
 */
export class TitleSearchTrigrams1764200000000 implements MigrationInterface {
  name = 'TitleSearchTrigrams1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    // A trusted extension since Postgres 13: the database's owner may create it without superuser.
    await runner.query(`create extension if not exists pg_trgm`);
    for (const statement of TITLE_SEARCH_INDEXES) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop index songs_object_key_trgm`);
    await runner.query(`drop index songs_title_trgm`);
  }
}

/** The indexes' definitions, also what `bench:api` re-creates after measuring the search without them. */
export const TITLE_SEARCH_INDEXES = [
  `create index songs_title_trgm on songs using gin (title gin_trgm_ops)`,
  `create index songs_object_key_trgm on songs using gin (object_key gin_trgm_ops)`,
];
