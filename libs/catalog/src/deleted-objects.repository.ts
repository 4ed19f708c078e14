import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from './returned-rows';

/** One catalog row removed because its object left the bucket. */
export interface RemovedRow {
  readonly key: string;
  readonly etag: string;
  /** The song's id; absent for invalid objects and jobs. */
  readonly songId?: number;
}

export interface RemovedObjects {
  readonly songs: readonly RemovedRow[];
  readonly invalidObjects: readonly RemovedRow[];
  readonly jobs: readonly RemovedRow[];
}

/** A complete listing of `bucket` under `prefix`, begun at `startedAt` by the database's clock. */
export interface CompleteListing {
  readonly bucket: string;
  readonly prefix: string;
  readonly keys: readonly string[];
  readonly startedAt: Date;
}

/**
 * Removes from the catalog the objects a complete listing did not find. Only rows written before
 * the listing began are candidates: a row written since may describe an object uploaded (or
 * uploaded again) after the listing passed its key, and the next listing decides about it.
 */
export class DeletedObjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The database's clock, which every row's timestamps come from; a listing's start is taken from it. */
  async now(): Promise<Date> {
    const [{ now }]: Array<{ now: Date }> = await this.dataSource.query(`select clock_timestamp() as now`);
    return now;
  }

  /**
   * One transaction: all of it is removed or none. Two extractors removing at once each see the
   * other's deletions after their locks are released, so every row is removed, and counted, once.
   */
  async removeUnlisted(listing: CompleteListing): Promise<RemovedObjects> {
    return this.dataSource.transaction(async (manager) => {
      const songs = await this.remove(manager, 'songs', 'extracted_at', 'id', listing);
      const invalidObjects = await this.remove(manager, 'invalid_objects', 'last_seen_at', null, listing);
      // A job under a live lease is left to its worker, which finds the object gone and says so.
      const jobs = await this.remove(
        manager,
        'extraction_jobs',
        'enqueued_at',
        null,
        listing,
        'locked_until is null or locked_until < now()',
      );
      return { songs, invalidObjects, jobs };
    });
  }

  private async remove(
    manager: EntityManager,
    table: 'songs' | 'invalid_objects' | 'extraction_jobs',
    writtenAt: 'extracted_at' | 'last_seen_at' | 'enqueued_at',
    id: 'id' | null,
    { bucket, prefix, keys, startedAt }: CompleteListing,
    condition = 'true',
  ): Promise<RemovedRow[]> {
    // Table, column and condition names are constants of this file; every value is a parameter.
    const rows = returnedRows<{ object_key: string; etag: string; id?: string }>(
      await manager.query(
        `delete from ${table} t
          where t.bucket = $1 and starts_with(t.object_key, $2) and t.${writtenAt} < $4 and (${condition})
            and not exists (select 1 from unnest($3::text[]) as listed(key) where listed.key = t.object_key)
          returning t.object_key, t.etag${id ? `, t.${id}` : ''}`,
        [bucket, prefix, keys, startedAt],
      ),
    );
    return rows
      .map((row) => ({ key: row.object_key, etag: row.etag, ...(row.id ? { songId: Number(row.id) } : {}) }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }
}
