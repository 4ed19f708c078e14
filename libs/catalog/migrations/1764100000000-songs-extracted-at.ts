import { MigrationInterface, QueryRunner } from 'typeorm';

/** Readers that follow the catalog (the API's similarity index) ask for the songs changed lately. */
export class SongsExtractedAt1764100000000 implements MigrationInterface {
  name = 'SongsExtractedAt1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`create index songs_extracted_at on songs (extracted_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop index songs_extracted_at`);
  }
}
