import pg from 'pg';
import type { CatalogSong } from './catalog-comparison';

export interface CatalogRow extends CatalogSong {
  /** This catalog's id of the song, to ask its API about it. */
  readonly id: number;
}

/**
 * Read-only queries on one group's catalog database (the tables of libs/catalog), over a small
 * pool of its own: the runner never writes there.
 */
export class CatalogReader {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 2,
      application_name: 'scale-chaos-runner',
      connectionTimeoutMillis: 10_000,
    });
    // An idle client losing its server must not take the runner down; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** Every object of the bucket the catalog has heard of: extracted, refused as invalid, or queued. */
  async knownObjects(bucket: string): Promise<string[]> {
    const rows: Array<{ object_key: string }> = (
      await this.pool.query(
        `select object_key from songs where bucket = $1
         union select object_key from invalid_objects where bucket = $1
         union select object_key from extraction_jobs where bucket = $1`,
        [bucket],
      )
    ).rows;
    return rows.map((row) => row.object_key);
  }

  async songs(bucket: string): Promise<CatalogRow[]> {
    const rows: Array<{ id: string; object_key: string; etag: string }> = (
      await this.pool.query(`select id, object_key, etag from songs where bucket = $1`, [bucket])
    ).rows;
    return rows.map((row) => ({ id: Number(row.id), bucket, key: row.object_key, etag: row.etag }));
  }

  /** Objects with an extraction job not finished yet (queued, leased, or waiting out a backoff). */
  async pendingObjects(bucket: string): Promise<string[]> {
    const rows: Array<{ object_key: string }> = (
      await this.pool.query(`select distinct object_key from extraction_jobs where bucket = $1`, [bucket])
    ).rows;
    return rows.map((row) => row.object_key);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
