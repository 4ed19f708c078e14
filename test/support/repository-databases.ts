import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { createRunnerDataSource, migrateRunner } from '../../apps/chaos-runner/src/persistence/runner-data-source';
import { createDatabase, openCatalog } from './catalog-database';

/** A migrated catalog in a database of its own, for a repository test file. */
export async function freshCatalog(): Promise<DataSource> {
  return openCatalog(await createDatabase(inject('adminDatabaseUrl')));
}

/** The runner's tables (experiments, ledger, audit log) migrated in a database of their own. */
export async function freshRunnerDatabase(): Promise<DataSource> {
  const dataSource = createRunnerDataSource(await createDatabase(inject('adminDatabaseUrl')), {
    poolSize: 2,
    applicationName: 'scale-repository-test',
  });
  await dataSource.initialize();
  await migrateRunner(dataSource);
  return dataSource;
}

/** A song as a repository test states it; the columns no query under test reads get fixed values. */
export interface SeedSong {
  readonly key: string;
  readonly title: string | null;
  /** [instrument, notes], the drum kit (128) last, as the extractor writes them. */
  readonly instruments: ReadonlyArray<readonly [number, number]>;
  /** ISO time; defaults to the insert's now(). */
  readonly extractedAt?: string;
}

export const SEED_BUCKET = 'midi';

/**
 * Inserts the songs one by one, in the order given, so that in a fresh database song i gets id i + 1.
 * `songs.instruments` and `song_instruments` agree, as the extractor's write path keeps them.
 */
export async function insertSongs(dataSource: DataSource, songs: readonly SeedSong[]): Promise<string[]> {
  const ids: string[] = [];
  for (const song of songs) {
    const drumNotes = song.instruments.find(([instrument]) => instrument === 128)?.[1] ?? 0;
    const notes = song.instruments.reduce((sum, [, count]) => sum + count, 0);
    const [{ id }]: Array<{ id: string }> = await dataSource.query(
      `insert into songs (bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                          ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments, extracted_at)
       values ($1, $2, $3, 2048, $4, $5, 1, 3, 480, 95.5, $6, $7, $8, $9::smallint[], coalesce($10::timestamptz, now()))
       returning id`,
      [
        SEED_BUCKET,
        song.key,
        `etag-${song.key}`,
        'a'.repeat(64),
        song.title,
        notes,
        drumNotes > 0,
        drumNotes,
        song.instruments.map(([instrument]) => instrument),
        song.extractedAt ?? null,
      ],
    );
    await dataSource.query(
      `insert into song_instruments (song_id, instrument, notes) select $1, * from unnest($2::smallint[], $3::integer[])`,
      [id, song.instruments.map(([instrument]) => instrument), song.instruments.map(([, count]) => count)],
    );
    ids.push(String(id));
  }
  return ids;
}
