import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCatalogDataSource, migrateCatalog, writeGeneratedCatalog } from '@scale/catalog';
import { createRandom } from '@scale/midi-generator';
import { RunningPostgres, startEmbeddedPostgres } from '@scale/embedded-servers';
import { postmasterPid } from '../common/cpu';
import { count, elapsed, type BenchProgress } from '../common/progress';

/** The bucket the generated songs are filed under; any valid name would do. */
const BUCKET = 'scale-bench';

export interface BenchDatabase {
  readonly url: string;
  /** The postmaster, whose backends' CPU is counted as Postgres'; NaN for a server we did not start. */
  readonly postgresPid: number;
  /** Stops the embedded server and removes its temp dir; nothing for a given URL. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A fresh embedded Postgres in a temp dir, so the bench never touches .scale/ data. `onCreated`
 * receives the clean-up as soon as there is something to clean, so a Ctrl-C during the start of
 * Postgres still removes the dir.
 */
export async function startBenchDatabase(onCreated: (stop: () => Promise<void>) => void): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'scale-api-bench-'));
  // Filled in once Postgres runs; the clean-up exists before that.
  const started: { postgres?: RunningPostgres } = {};
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await started.postgres?.stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    })());
  onCreated(stop);
  // mkdtemp makes it 0700, and as root Postgres runs as the OS user `postgres`, which must get in.
  await chmod(dataDir, 0o755);
  const postgres = (started.postgres = await startEmbeddedPostgres({ dataDir }));
  return { url: postgres.url, postgresPid: postmasterPid(dataDir), stop };
}

export interface CatalogFacts {
  /** Songs in the catalog, generated or already there. */
  readonly songs: number;
  readonly inserted: number;
  readonly distinctInstrumentSets: number;
  readonly writeSeconds: number;
  /** Song ids to query: spread over the catalog, in a seeded random order. */
  readonly sample: readonly number[];
}

/**
 * Writes the generated songs (keeping any already there), settles the tables, and samples ids; a
 * Lakh-sized catalog takes minutes, so the live line counts the songs written.
 */
export function prepareCatalog(
  url: string,
  songs: number,
  seed: number,
  sampleSize: number,
  progress: BenchProgress,
): Promise<CatalogFacts> {
  const started = performance.now();
  let written = 0;
  return progress.during(
    () =>
      written < songs
        ? `${count(written)} / ${count(songs)} songs written (${Math.floor((written / songs) * 100)}%) · ${elapsed(started)}`
        : `vacuum analyze · ${elapsed(started)}`,
    writeCatalog(url, songs, seed, sampleSize, (songsWritten) => {
      written = songsWritten;
    }),
  );
}

async function writeCatalog(
  url: string,
  songs: number,
  seed: number,
  sampleSize: number,
  onWritten: (written: number) => void,
): Promise<CatalogFacts> {
  const dataSource = createCatalogDataSource(url, { poolSize: 3, applicationName: 'scale-api-bench' });
  await dataSource.initialize();
  try {
    await migrateCatalog(dataSource);
    const written = await writeGeneratedCatalog(dataSource, {
      seed,
      count: songs,
      bucket: BUCKET,
      onProgress: (progress) => onWritten(progress.written),
    });
    // The writer analyzes; vacuum too, so autovacuum does not wake up for the fresh rows in the
    // middle of a timed phase, and the SQL engine meets tables as settled as in production.
    await dataSource.query('vacuum analyze songs, song_instruments');
    const rows: Array<{ id: string }> = await dataSource.query('select id from songs order by id');
    const ids = rows.map((row) => Number(row.id));
    return {
      songs: ids.length,
      inserted: written.inserted,
      distinctInstrumentSets: written.distinctInstrumentSets,
      writeSeconds: written.elapsedMs / 1000,
      sample: sampleIds(ids, sampleSize, seed),
    };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * One id from each of `size` equal strata of the sorted ids, so the sample covers the whole
 * catalog, then shuffled (Fisher–Yates), so consecutive requests do not walk it in order. The same
 * catalog and seed give the same sample.
 */
export function sampleIds(sortedIds: readonly number[], size: number, seed: number): number[] {
  const random = createRandom(seed);
  const count = Math.min(size, sortedIds.length);
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * sortedIds.length) / count);
    const to = Math.floor(((i + 1) * sortedIds.length) / count) - 1;
    picked.push(sortedIds[random.int(from, to)]);
  }
  for (let i = picked.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [picked[i], picked[j]] = [picked[j], picked[i]];
  }
  return picked;
}
