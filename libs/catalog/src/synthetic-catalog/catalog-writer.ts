import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../returned-rows';
import { generateCatalogSongs, type GeneratedCatalogSong } from './catalog-songs';

export interface GeneratedCatalogOptions {
  readonly seed: number;
  /** Songs to generate: song 0 to song count - 1 of the seed. */
  readonly count: number;
  /** The bucket the songs are recorded under, as if the extractor had found them there. */
  readonly bucket: string;
  /** Songs per INSERT statement (and per transaction). */
  readonly batchSize?: number;
  /** Batches written at once: while Postgres inserts one, Node generates the next. */
  readonly concurrency?: number;
  /** Called after each batch is committed. */
  readonly onProgress?: (progress: GeneratedCatalogProgress) => void;
}

export interface GeneratedCatalogProgress {
  /** Songs whose batch is committed, new or not. */
  readonly written: number;
  readonly total: number;
}

export interface GeneratedCatalogResult {
  readonly generated: number;
  /** Songs inserted by this run. */
  readonly inserted: number;
  /** Songs already in the catalog under the same bucket and key: left as they were. */
  readonly existing: number;
  /** song_instruments rows inserted by this run. */
  readonly instrumentRows: number;
  /** Distinct instrument sets among the generated songs (drum kit included). */
  readonly distinctInstrumentSets: number;
  readonly elapsedMs: number;
}

const DEFAULT_BATCH_SIZE = 5_000;
const DEFAULT_CONCURRENCY = 2;

/**
 * Writes a generated catalog with a couple of set-based statements per batch, each batch in its own
 * transaction (a run stopped half-way leaves whole batches). Keys already present are skipped, not
 * updated, so running it again, or after an interruption, adds only what is missing. A Lakh-sized
 * catalog (178,561 songs) takes seconds; per-row inserts would take many minutes.
 */
export async function writeGeneratedCatalog(
  dataSource: DataSource,
  options: GeneratedCatalogOptions,
): Promise<GeneratedCatalogResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a whole number of at least 1, got ${batchSize}`);
  }
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  const sets = new Set<string>();
  let inserted = 0;
  let instrumentRows = 0;
  let written = 0;
  let failure: { error: unknown } | undefined;
  const running = new Set<Promise<void>>();

  for (const batch of batches(generateCatalogSongs(options.seed, options.count), batchSize)) {
    for (const song of batch) sets.add(instrumentSetLiteral(song));
    const task: Promise<void> = dataSource
      .transaction((manager) => insertBatch(manager, options.bucket, batch))
      .then(
        (counts) => {
          inserted += counts.songs;
          instrumentRows += counts.instrumentRows;
          written += batch.length;
          options.onProgress?.({ written, total: options.count });
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => running.delete(task));
    running.add(task);
    if (running.size >= concurrency) await Promise.race(running);
    if (failure) break;
  }
  await Promise.all(running);
  if (failure) throw failure.error;

  // The planner would otherwise see empty tables until autovacuum comes by, and plan the
  // similar-songs queries for a catalog of none.
  await dataSource.query('analyze songs, song_instruments');
  return {
    generated: options.count,
    inserted,
    existing: options.count - inserted,
    instrumentRows,
    distinctInstrumentSets: sets.size,
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function insertBatch(manager: EntityManager, bucket: string, songs: readonly GeneratedCatalogSong[]) {
  const params = songColumns(bucket, songs);
  const rows = returnedRows<{ id: string; object_key: string }>(
    await manager.query(
      `insert into songs (bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                          ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments)
       select $1, object_key, etag, size_bytes, content_sha256, title, format, tracks,
              ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments::smallint[]
         from unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::smallint[], $8::integer[],
                     $9::integer[], $10::double precision[], $11::integer[], $12::boolean[], $13::integer[], $14::text[])
           as r(object_key, etag, size_bytes, content_sha256, title, format, tracks,
                ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments)
       on conflict (bucket, object_key) do nothing
       returning id, object_key`,
      params,
    ),
  );
  if (rows.length === 0) return { songs: 0, instrumentRows: 0 };
  const instruments = instrumentColumns(songs, rows);
  await manager.query(
    `insert into song_instruments (song_id, instrument, notes)
     select * from unnest($1::bigint[], $2::smallint[], $3::integer[])`,
    instruments,
  );
  return { songs: rows.length, instrumentRows: instruments[0].length };
}

/** One array per column, in the order of the songs INSERT's parameters $1 to $14. */
export function songColumns(bucket: string, songs: readonly GeneratedCatalogSong[]): unknown[] {
  return [
    bucket,
    songs.map((song) => song.objectKey),
    songs.map((song) => song.etag),
    songs.map((song) => song.sizeBytes),
    songs.map((song) => song.contentSha256),
    songs.map((song) => song.title),
    songs.map((song) => song.format),
    songs.map((song) => song.tracks),
    songs.map((song) => song.ticksPerQuarter),
    songs.map((song) => song.durationSeconds),
    songs.map((song) => song.notes),
    songs.map((song) => song.drums),
    songs.map((song) => song.drumNotes),
    // unnest cannot take an array of arrays of different lengths: each set travels as its literal.
    songs.map(instrumentSetLiteral),
  ];
}

/** song_instruments columns for the songs that were inserted (rows returned), by their new ids. */
export function instrumentColumns(
  songs: readonly GeneratedCatalogSong[],
  inserted: ReadonlyArray<{ id: string; object_key: string }>,
): [string[], number[], number[]] {
  const byKey = new Map(songs.map((song) => [song.objectKey, song]));
  const ids: string[] = [];
  const instruments: number[] = [];
  const notes: number[] = [];
  for (const row of inserted) {
    const song = byKey.get(row.object_key);
    if (!song) throw new Error(`Postgres returned a key that was not in the batch: ${row.object_key}`);
    for (const count of song.instruments) {
      ids.push(String(row.id));
      instruments.push(count.instrument);
      notes.push(count.notes);
    }
  }
  return [ids, instruments, notes];
}

/** `{0,33,128}`: the Postgres array literal of the song's instrument set. */
export function instrumentSetLiteral(song: GeneratedCatalogSong): string {
  return `{${song.instruments.map((count) => count.instrument).join(',')}}`;
}

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
