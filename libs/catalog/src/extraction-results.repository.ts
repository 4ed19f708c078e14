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

type SongOutcome = Extract<ExtractionOutcome, { kind: 'song' }>;
type InvalidOutcome = Extract<ExtractionOutcome, { kind: 'invalid' }>;

export class ExtractionResultsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes a batch's results and completes its jobs in one transaction. Only jobs still leased to
   * `worker` are written, and a version already in the catalog is left as it is, so a job run twice
   * (after a lease expired) writes once. The batch is written with a handful of set-based
   * statements whatever its size: per-row statements made Postgres the extractor's bottleneck.
   */
  async record(worker: string, outcomes: readonly ExtractionOutcome[]): Promise<RecordedOutcomes> {
    return this.dataSource.transaction(async (manager) => {
      const held = returnedRows<{ id: string }>(
        await manager.query(
          `delete from extraction_jobs where id = any($1::bigint[]) and locked_by = $2 returning id`,
          [outcomes.map((outcome) => outcome.jobId), worker],
        ),
      );
      const owned = new Set(held.map((row) => String(row.id)));
      // One statement cannot upsert a key twice, so only the last outcome of each object counts;
      // an earlier one (the object was queued twice) is superseded, as a later run would make it.
      const latest = new Map<string, SongOutcome | InvalidOutcome>();
      let gone = 0;
      let superseded = 0;
      for (const outcome of outcomes) {
        if (!owned.has(outcome.jobId)) continue;
        if (outcome.kind === 'gone') {
          gone++;
          continue;
        }
        const object = `${outcome.bucket}/${outcome.key}`;
        if (latest.has(object)) superseded++;
        latest.set(object, outcome);
      }
      const songs = [...latest.values()].filter((outcome): outcome is SongOutcome => outcome.kind === 'song');
      const invalid = [...latest.values()].filter((outcome): outcome is InvalidOutcome => outcome.kind === 'invalid');
      const written = await this.writeSongs(manager, songs);
      await this.writeInvalid(manager, invalid);
      return {
        songs: written,
        unchanged: songs.length - written + superseded,
        invalid: invalid.length,
        gone,
        lost: outcomes.length - owned.size,
      };
    });
  }

  /** Inserts new songs and replaces changed ones; returns how many rows were written. */
  private async writeSongs(manager: EntityManager, songs: readonly SongOutcome[]): Promise<number> {
    if (songs.length === 0) return 0;
    const records = songs.map(({ bucket, key, etag, size, sha256, summary }) => ({
      bucket,
      object_key: key,
      etag,
      size_bytes: size,
      content_sha256: sha256,
      title: summary.title,
      format: summary.format,
      tracks: summary.tracks,
      ticks_per_quarter: summary.ticksPerQuarter,
      duration_seconds: summary.durationSeconds,
      notes: summary.notes,
      drums: summary.drums,
      drum_notes: summary.drumNotes,
      instruments: instrumentCounts(summary).map((i) => i.instrument),
    }));
    const written = returnedRows<{ id: string; bucket: string; object_key: string }>(
      await manager.query(
        `insert into songs (bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                            ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments)
         select bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments
           from jsonb_to_recordset($1::jsonb) as r(bucket text, object_key text, etag text, size_bytes bigint,
                content_sha256 text, title text, format smallint, tracks integer, ticks_per_quarter integer,
                duration_seconds double precision, notes integer, drums boolean, drum_notes integer, instruments smallint[])
         on conflict (bucket, object_key) do update
            set etag = excluded.etag, size_bytes = excluded.size_bytes, content_sha256 = excluded.content_sha256,
                title = excluded.title, format = excluded.format, tracks = excluded.tracks,
                ticks_per_quarter = excluded.ticks_per_quarter, duration_seconds = excluded.duration_seconds,
                notes = excluded.notes, drums = excluded.drums, drum_notes = excluded.drum_notes,
                instruments = excluded.instruments, extracted_at = now()
          where songs.etag <> excluded.etag
         returning id, bucket, object_key`,
        [JSON.stringify(records)],
      ),
    );
    if (written.length === 0) return 0;

    const byObject = new Map(songs.map((song) => [`${song.bucket}/${song.key}`, song]));
    const songIds: string[] = [];
    const instruments: number[] = [];
    const notes: number[] = [];
    for (const row of written) {
      for (const count of instrumentCounts(byObject.get(`${row.bucket}/${row.object_key}`)!.summary)) {
        songIds.push(row.id);
        instruments.push(count.instrument);
        notes.push(count.notes);
      }
    }
    const ids = written.map((row) => row.id);
    await manager.query(`delete from song_instruments where song_id = any($1::bigint[])`, [ids]);
    await manager.query(
      `insert into song_instruments (song_id, instrument, notes)
       select * from unnest($1::bigint[], $2::smallint[], $3::integer[])`,
      [songIds, instruments, notes],
    );
    // Keys that were refused before and are valid now are no longer invalid objects.
    await manager.query(
      `delete from invalid_objects i using unnest($1::text[], $2::text[]) as k(bucket, object_key)
        where i.bucket = k.bucket and i.object_key = k.object_key`,
      [written.map((row) => row.bucket), written.map((row) => row.object_key)],
    );
    return written.length;
  }

  private async writeInvalid(manager: EntityManager, invalid: readonly InvalidOutcome[]): Promise<void> {
    if (invalid.length === 0) return;
    const records = invalid.map(({ bucket, key, etag, size, reason }) => ({
      bucket,
      object_key: key,
      etag,
      size_bytes: size,
      reason,
    }));
    await manager.query(
      `insert into invalid_objects (bucket, object_key, etag, size_bytes, reason)
       select bucket, object_key, etag, size_bytes, reason
         from jsonb_to_recordset($1::jsonb) as r(bucket text, object_key text, etag text, size_bytes bigint, reason text)
       on conflict (bucket, object_key) do update
          set attempts = case when invalid_objects.etag = excluded.etag then invalid_objects.attempts + 1 else 1 end,
              first_seen_at = case when invalid_objects.etag = excluded.etag then invalid_objects.first_seen_at else now() end,
              etag = excluded.etag, size_bytes = excluded.size_bytes, reason = excluded.reason, last_seen_at = now()`,
      [JSON.stringify(records)],
    );
    // Keys whose previous version was a song: their rows describe content that is no longer there.
    await manager.query(
      `delete from songs s using unnest($1::text[], $2::text[]) as k(bucket, object_key)
        where s.bucket = k.bucket and s.object_key = k.object_key`,
      [invalid.map((outcome) => outcome.bucket), invalid.map((outcome) => outcome.key)],
    );
  }
}
