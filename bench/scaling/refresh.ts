import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createCatalogDataSource, ExtractionQueueRepository, type ListedObject } from '@scale/catalog';
import { environmentSchema } from '@scale/config';
import { createLogger } from '@scale/telemetry';
import { SongIndexService } from '../../apps/api/src/similarity/song-index.service';
import { SongsRepository } from '../../apps/api/src/songs/songs.repository';
import { prepareCatalog, startBenchDatabase } from '../api/catalog';
import type { Run } from '../common/run';
import { elapsed } from '../common/progress';
import { settledHeapBytes } from './heap';
import { median } from './stats';

const ROUNDS = 3;
/** Songs the extractor adds between two refreshes in the incremental rounds. */
const NEW_SONGS = 1_000;
/** Keys per discovery page: what one S3 ListObjectsV2 call returns at most. */
const PAGE = 1_000;

export interface RefreshFigures {
  readonly songs: number;
  readonly catalogWriteSeconds: number;
  /** The API's first load (read every song, build the index and cards): median seconds. */
  readonly fullLoadSeconds: number;
  /** Heap the load keeps (index and cards), per song, from rows as Postgres returns them. */
  readonly fullLoadHeldBytesPerSong: number;
  /** A refresh that finds nothing new, and one that finds NEW_SONGS new songs: median milliseconds. */
  readonly idleRefreshMs: number;
  readonly newSongs: number;
  readonly newSongsRefreshMs: number;
  /** The deletion check every tenth refresh runs (count), and the id list it reads when the count differs. */
  readonly countMs: number;
  readonly allIdsMs: number;
  /** One discovery page of PAGE keys into the queue: all new, then all already in the catalog. */
  readonly enqueueNewPageMs: number;
  readonly enqueueKnownPageMs: number;
  readonly page: number;
  /** Tables and their indexes on disk, per song. */
  readonly diskBytesPerSong: { readonly songs: number; readonly songInstruments: number };
}

/** The API's refresh and the discovery's enqueue against a real catalog of `songs` songs. */
export async function measureRefresh(songs: number, seed: number, run: Run): Promise<RefreshFigures> {
  const { progress } = run;
  progress.say('starting an embedded Postgres');
  const database = await startBenchDatabase((stop) => run.cleanUp.add(stop));
  progress.say(`writing a catalog of ${songs.toLocaleString('en-US')} songs`);
  const catalog = await prepareCatalog(database.url, songs, seed, 1, progress);
  const dataSource = createCatalogDataSource(database.url, { poolSize: 2, applicationName: 'scale-scaling-bench' });
  await dataSource.initialize();
  run.cleanUp.add(() => dataSource.destroy());
  const repository = new SongsRepository(dataSource);

  progress.say('timing the API index refresh: first load, then incremental');
  const load = await timeFullLoads(repository, progress);
  const idle: number[] = [];
  const fresh: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    idle.push(await timed(() => load.service.refresh()));
    await addSongs(dataSource, NEW_SONGS, round);
    fresh.push(await timed(() => load.service.refresh()));
  }
  const counts = await repeat(() => repository.count());
  const ids = await repeat(() => repository.allIds());

  progress.say('timing discovery pages into the extraction queue');
  const queue = new ExtractionQueueRepository(dataSource);
  const known: ListedObject[] = (
    await dataSource.query<Array<{ object_key: string; etag: string; size_bytes: string }>>(
      `select object_key, etag, size_bytes from songs order by id limit $1`,
      [PAGE],
    )
  ).map((row) => ({ key: row.object_key, etag: row.etag, size: Number(row.size_bytes) }));
  const bucket = 'scale-bench';
  const newPage = (round: number) => known.map((object) => ({ ...object, key: `new/${round}/${object.key}` }));
  const enqueueNew: number[] = [];
  const enqueueKnown: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    enqueueNew.push(await timed(() => queue.enqueue(bucket, newPage(round))));
    enqueueKnown.push(await timed(() => queue.enqueue(bucket, known)));
  }
  const [disk] = await dataSource.query<Array<{ songs: string; song_instruments: string }>>(
    `select pg_total_relation_size('songs') as songs, pg_total_relation_size('song_instruments') as song_instruments`,
  );
  return {
    songs: catalog.songs,
    catalogWriteSeconds: catalog.writeSeconds,
    fullLoadSeconds: median(load.seconds),
    fullLoadHeldBytesPerSong: load.heldBytes / catalog.songs,
    idleRefreshMs: median(idle),
    newSongs: NEW_SONGS,
    newSongsRefreshMs: median(fresh),
    countMs: median(counts),
    allIdsMs: median(ids),
    enqueueNewPageMs: median(enqueueNew),
    enqueueKnownPageMs: median(enqueueKnown),
    page: PAGE,
    diskBytesPerSong: {
      songs: Number(disk.songs) / catalog.songs,
      songInstruments: Number(disk.song_instruments) / catalog.songs,
    },
  };
}

/** ROUNDS first loads, each by a new service as a starting API makes it; the last one is kept. */
async function timeFullLoads(repository: SongsRepository, progress: Run['progress']) {
  const environment = environmentSchema.parse({});
  const logger = createLogger('scale-scaling-bench', 'warn');
  const seconds: number[] = [];
  let heldBytes = 0;
  let service: SongIndexService | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    service = undefined;
    const before = settledHeapBytes();
    service = new SongIndexService(repository, environment, logger, new Registry());
    const started = performance.now();
    const loading = service.refresh();
    await progress.during(() => `first load ${round + 1} / ${ROUNDS} · ${elapsed(started)}`, loading);
    seconds.push((performance.now() - started) / 1000);
    heldBytes = settledHeapBytes() - before;
  }
  return { service: service!, seconds, heldBytes };
}

/** New songs as the extractor would commit them: copies of existing rows under new keys, extracted now. */
async function addSongs(dataSource: DataSource, count: number, round: number): Promise<void> {
  await dataSource.query(
    `insert into songs (bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                        ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments)
     select bucket, 'added/' || $2 || '/' || object_key, etag, size_bytes, content_sha256, title, format, tracks,
            ticks_per_quarter, duration_seconds, notes, drums, drum_notes, instruments
       from songs order by id limit $1`,
    [count, round],
  );
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function repeat(work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) times.push(await timed(work));
  return times;
}
