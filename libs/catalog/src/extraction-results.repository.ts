import { DataSource, EntityManager } from 'typeorm';
import type { MidiSummary } from '@scale/midi';
import { instrumentCounts } from './instrument-set';
import { returnedRows } from './returned-rows';

/** What became of one claimed job's object. */
export type ExtractionOutcome =
  | {
      readonly kind: 'song';
      readonly jobId: string;
      readonly bucket: string;
      readonly key: string;
      /** The version actually read, which may be newer than the one the job was queued for. */
      readonly etag: string;
      readonly size: number;
      readonly sha256: string;
      readonly summary: MidiSummary;
    }
  | {
      readonly kind: 'invalid';
      readonly jobId: string;
      readonly bucket: string;
      readonly key: string;
      readonly etag: string;
      readonly size: number;
      readonly reason: string;
    }
  /** The object was deleted after it was queued: there is nothing to record. */
  | { readonly kind: 'gone'; readonly jobId: string };

export interface RecordedOutcomes {
  /** Song rows inserted or replaced by a newer version. */
  readonly songs: number;
  /** Versions already in the catalog: nothing was written for them. */
  readonly unchanged: number;
  readonly invalid: number;
  readonly gone: number;
  /** Jobs this worker no longer held (its lease expired and another worker took them). */
  readonly lost: number;
}

export class ExtractionResultsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes results and completes their jobs in one transaction. Only jobs still leased to `worker`
   * are written, and a version already in the catalog is left as it is, so a job run twice (after a
   * lease expired) writes once.
   */
  async record(worker: string, outcomes: readonly ExtractionOutcome[]): Promise<RecordedOutcomes> {
    return this.dataSource.transaction(async (manager) => {
      const held = returnedRows<{ id: string }>(
        await manager.query(`delete from extraction_jobs where id = any($1::bigint[]) and locked_by = $2 returning id`, [
          outcomes.map((outcome) => outcome.jobId),
          worker,
        ]),
      );
      const owned = new Set(held.map((row) => String(row.id)));
      const counts = { songs: 0, unchanged: 0, invalid: 0, gone: 0, lost: outcomes.length - owned.size };
      for (const outcome of outcomes) {
        if (!owned.has(outcome.jobId)) continue;
        if (outcome.kind === 'song') {
          if (await this.writeSong(manager, outcome)) counts.songs++;
          else counts.unchanged++;
        } else if (outcome.kind === 'invalid') {
          await this.writeInvalid(manager, outcome);
          counts.invalid++;
        } else {
          counts.gone++;
        }
      }
      return counts;
    });
  }

  private async writeSong(manager: EntityManager, song: Extract<ExtractionOutcome, { kind: 'song' }>): Promise<boolean> {
    const { summary } = song;
    const instruments = instrumentCounts(summary);
    const rows: Array<{ id: string }> = await manager.query(
      `insert into songs (bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                          ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::smallint[])
       on conflict (bucket, object_key) do update
          set etag = excluded.etag, size_bytes = excluded.size_bytes, content_sha256 = excluded.content_sha256,
              title = excluded.title, format = excluded.format, tracks = excluded.tracks,
              ticks_per_quarter = excluded.ticks_per_quarter, duration_seconds = excluded.duration_seconds,
              notes = excluded.notes, drums = excluded.drums, drum_notes = excluded.drum_notes,
              instruments = excluded.instruments, extracted_at = now()
        where songs.etag <> excluded.etag
       returning id`,
      [
        song.bucket,
        song.key,
        song.etag,
        song.size,
        song.sha256,
        summary.title,
        summary.format,
        summary.tracks,
        summary.ticksPerQuarter,
        summary.durationSeconds,
        summary.notes,
        summary.drums,
        summary.drumNotes,
        instruments.map((i) => i.instrument),
      ],
    );
    if (rows.length === 0) return false;
    const songId = rows[0].id;
    await manager.query(`delete from song_instruments where song_id = $1`, [songId]);
    if (instruments.length > 0) {
      await manager.query(
        `insert into song_instruments (song_id, instrument, notes)
         select $1, i.instrument, i.notes from unnest($2::smallint[], $3::integer[]) as i(instrument, notes)`,
        [songId, instruments.map((i) => i.instrument), instruments.map((i) => i.notes)],
      );
    }
    // A key that was refused before and is valid now is no longer an invalid object.
    await manager.query(`delete from invalid_objects where bucket = $1 and object_key = $2`, [song.bucket, song.key]);
    return true;
  }

  private async writeInvalid(manager: EntityManager, invalid: Extract<ExtractionOutcome, { kind: 'invalid' }>): Promise<void> {
    await manager.query(
      `insert into invalid_objects (bucket, object_key, etag, size_bytes, reason)
       values ($1, $2, $3, $4, $5)
       on conflict (bucket, object_key) do update
          set attempts = case when invalid_objects.etag = excluded.etag then invalid_objects.attempts + 1 else 1 end,
              first_seen_at = case when invalid_objects.etag = excluded.etag then invalid_objects.first_seen_at else now() end,
              etag = excluded.etag, size_bytes = excluded.size_bytes, reason = excluded.reason, last_seen_at = now()`,
      [invalid.bucket, invalid.key, invalid.etag, invalid.size, invalid.reason],
    );
    // The key's previous version was a song; its row describes content that is no longer there.
    await manager.query(`delete from songs where bucket = $1 and object_key = $2`, [invalid.bucket, invalid.key]);
  }
}
