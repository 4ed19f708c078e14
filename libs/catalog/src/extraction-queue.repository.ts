import { DataSource } from 'typeorm';
import { returnedRows } from './returned-rows';

export interface ListedObject {
  readonly key: string;
  readonly etag: string;
  readonly size: number;
}

export interface ClaimedJob {
  readonly id: string;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  /** Attempts including the one this claim starts. */
  readonly attempts: number;
}

export interface QueueDepth {
  /** Jobs any worker may claim now. */
  readonly ready: number;
  /** Jobs under a live lease. */
  readonly leased: number;
  /** Jobs waiting out a backoff after a failed attempt. */
  readonly delayed: number;
  /** Seconds since the oldest job still in the queue was enqueued; 0 when the queue is empty. */
  readonly oldestJobAgeSeconds: number;
}

export interface FailedJob {
  readonly id: string;
  readonly error: string;
  readonly delaySeconds: number;
}

/**
 * The extraction queue is a table beside the catalog rather than a separate queue product because
 * the point that matters, "result written and job done", is then one Postgres transaction
 * (see ExtractionResultsRepository): a crash on either side of it loses nothing and writes nothing
 * twice. Claims use FOR UPDATE SKIP LOCKED so any number of workers in any number of processes
 * share the table without blocking one another.
 */
export class ExtractionQueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Enqueues the versions of objects not yet in the catalog. Versions already extracted, already
   * refused, or already queued are skipped, so listing the same bucket again enqueues nothing.
   */
  async enqueue(bucket: string, objects: readonly ListedObject[]): Promise<number> {
    if (objects.length === 0) return 0;
    const rows: unknown[] = await this.dataSource.query(
      `insert into extraction_jobs (bucket, object_key, etag, size_bytes)
       select $1, o.key, o.etag, o.size
         from unnest($2::text[], $3::text[], $4::bigint[]) as o(key, etag, size)
        where not exists (select 1 from songs s where s.bucket = $1 and s.object_key = o.key and s.etag = o.etag)
          and not exists (select 1 from invalid_objects i where i.bucket = $1 and i.object_key = o.key and i.etag = o.etag)
       on conflict (bucket, object_key, etag) do nothing
       returning id`,
      [bucket, objects.map((o) => o.key), objects.map((o) => o.etag), objects.map((o) => o.size)],
    );
    return rows.length;
  }

  /** Leases up to `limit` ready jobs of `bucket` to `worker`; expired leases of dead workers count as ready. */
  async claim(bucket: string, worker: string, limit: number, leaseSeconds: number): Promise<ClaimedJob[]> {
    const rows = returnedRows<{
      id: string;
      bucket: string;
      object_key: string;
      etag: string;
      size_bytes: string;
      attempts: number;
    }>(
      await this.dataSource.query(
        `update extraction_jobs j
            set locked_by = $1, locked_until = now() + make_interval(secs => $2), attempts = j.attempts + 1
          where j.id in (
                select id from extraction_jobs
                 where bucket = $4 and not_before <= now() and (locked_until is null or locked_until < now())
                 order by not_before, id
                 limit $3
                   for update skip locked)
         returning j.id, j.bucket, j.object_key, j.etag, j.size_bytes, j.attempts`,
        [worker, leaseSeconds, limit, bucket],
      ),
    );
    return rows
      .map((row) => ({
        id: row.id,
        bucket: row.bucket,
        key: row.object_key,
        etag: row.etag,
        size: Number(row.size_bytes),
        attempts: row.attempts,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Hands failed jobs back for a later attempt; a job is never dropped for a transient error. */
  async release(worker: string, failures: readonly FailedJob[]): Promise<void> {
    if (failures.length === 0) return;
    await this.dataSource.query(
      `update extraction_jobs j
          set locked_by = null, locked_until = null, last_error = f.error,
              not_before = now() + make_interval(secs => f.delay)
         from unnest($2::bigint[], $3::text[], $4::double precision[]) as f(id, error, delay)
        where j.id = f.id and j.locked_by = $1`,
      [worker, failures.map((f) => f.id), failures.map((f) => f.error), failures.map((f) => f.delaySeconds)],
    );
  }

  /** The queue of `bucket` now, in one statement: a job is in it from discovery until its result is written. */
  async depth(bucket: string): Promise<QueueDepth> {
    const [row]: Array<{ ready: string; leased: string; delayed: string; oldest_age_seconds: number | null }> =
      await this.dataSource.query(
        `select count(*) filter (where not_before <= now() and (locked_until is null or locked_until < now())) as ready,
              count(*) filter (where locked_until >= now()) as leased,
              count(*) filter (where not_before > now() and (locked_until is null or locked_until < now())) as delayed,
              extract(epoch from now() - min(enqueued_at))::double precision as oldest_age_seconds
         from extraction_jobs where bucket = $1`,
        [bucket],
      );
    return {
      ready: Number(row.ready),
      leased: Number(row.leased),
      delayed: Number(row.delayed),
      // A job enqueued in the same transaction as now() would be a hair in the future.
      oldestJobAgeSeconds: Math.max(0, row.oldest_age_seconds ?? 0),
    };
  }
}
