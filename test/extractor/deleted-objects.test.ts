import { afterEach, describe, expect, inject, it } from 'vitest';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeletedObjectsRepository } from '@scale/catalog';
import { loadEnvironment } from '@scale/config';
import { findFreePort, startS3Server, RunningS3Server } from '@scale/embedded-servers';
import { ObjectStore } from '@scale/storage';
import { METRICS_REGISTRY, type Logger } from '@scale/telemetry';
import { ExtractorModule } from '../../apps/extractor/src/extractor.module';
import { DiscoveryService } from '../../apps/extractor/src/discovery/discovery.service';
import { startApi } from '../support/api';
import { createBucket, seedSongs, storeAt } from '../support/bucket';
import { count, createDatabase, openCatalog } from '../support/catalog-database';
import {
  configuredInfrastructure,
  eventually,
  extractInProcess,
  extractorEnvironment,
  Target,
} from '../support/extractor';
import { startListingProxy } from '../support/listing-proxy';
import { seriesValue } from '../support/prometheus-text';

const DELETED = 'scale_extractor_deleted_objects_total';

// Real Postgres and real S3 servers; objects are deleted from the bucket as a user would.
describe('objects deleted from the bucket', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  const later = (cleanup: () => Promise<unknown>) => cleanups.push(cleanup);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  async function setUp(s3Endpoint = inject('s3Endpoint')) {
    const store = storeAt(s3Endpoint);
    later(async () => store.destroy());
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    const catalog = await openCatalog(databaseUrl);
    later(() => catalog.destroy());
    const target: Target = { databaseUrl, s3Endpoint, bucket: await createBucket(store) };
    return { store, catalog, target };
  }

  /** An extractor without running workers, for driving discovery passes one at a time. */
  async function extractor(target: Target, overrides: Record<string, string> = {}, logger?: Logger) {
    const environment = loadEnvironment(extractorEnvironment(target, overrides));
    const app = await NestFactory.createApplicationContext(
      ExtractorModule.forRoot({
        environment,
        infrastructure: configuredInfrastructure(environment),
        logger: logger ?? pino({ level: 'silent' }),
        http: false,
      }),
      { logger: false },
    );
    later(() => app.close());
    return app;
  }

  const deletedCount = async (app: INestApplicationContext, row: string) =>
    seriesValue(await app.get<Registry>(METRICS_REGISTRY).metrics(), DELETED, { row });

  const remove = (store: ObjectStore, bucket: string, key: string) =>
    store.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

  const songIds = async (catalog: DataSource, keys: readonly string[]) =>
    (await catalog.query(`select id from songs where object_key = any($1) order by id`, [keys])).map(
      (row: { id: string }) => Number(row.id),
    );

  it('removes the songs and refused objects of deleted objects in a one-shot run, and the API stops answering them', async () => {
    const { store, catalog, target } = await setUp();
    const songs = await seedSongs(store, target.bucket, 30);
    await store.put(target.bucket, 'bad/not-midi.mid', new TextEncoder().encode('not MIDI'));
    await extractInProcess(target);
    const api = await startApi(target.databaseUrl);
    later(() => api.app.close());

    const gone = songs.slice(0, 6).map((song) => song.key);
    const goneIds = await songIds(catalog, gone);
    const kept = await songIds(
      catalog,
      songs.slice(6).map((song) => song.key),
    );
    expect(goneIds).toHaveLength(6);
    expect((await api.get(`/api/songs/${goneIds[0]}`)).status).toBe(200);
    for (const key of [...gone, 'bad/not-midi.mid']) await remove(store, target.bucket, key);

    const report = await extractInProcess(target);
    expect(report.removed).toEqual({ songs: 6, invalidObjects: 1, jobs: 0 });
    expect(await count(catalog, `select 1 from songs where object_key = any($1)`, [gone])).toBe(0);
    expect(await count(catalog, `select 1 from song_instruments where song_id = any($1)`, [goneIds])).toBe(0);
    expect(await count(catalog, `select 1 from invalid_objects`)).toBe(0);
    expect(
      await songIds(
        catalog,
        songs.map((song) => song.key),
      ),
    ).toEqual(kept);

    for (const id of goneIds) expect((await api.get(`/api/songs/${id}`)).status).toBe(404);
    // The API's index drops songs the catalog no longer holds within its refreshes.
    await eventually(
      'the similar-songs answers to stop naming deleted songs',
      async () => {
        for (const id of kept.slice(0, 5)) {
          const answer = await api.get<{ similar: Array<{ song: { id: number } }> }>(
            `/api/songs/${id}/similar?limit=50&minShared=1`,
          );
          if (answer.body.similar.some((entry) => goneIds.includes(entry.song.id))) return false;
        }
        return (await api.get(`/api/songs/${goneIds[0]}/similar`)).status === 404;
      },
      30_000,
      200,
    );

    const again = await extractInProcess(target);
    expect(again.removed).toEqual({ songs: 0, invalidObjects: 0, jobs: 0 });
  });

  it('drops the pending job of a deleted object, counts what it removed, and logs every key', async () => {
    const { store, catalog, target } = await setUp();
    await seedSongs(store, target.bucket, 8);
    await extractInProcess(target);
    await store.put(target.bucket, 'queued/never-read.mid', new TextEncoder().encode('queued, not yet read'));
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({ write: (chunk: Buffer, _encoding, done) => done(void lines.push(chunk.toString())) }),
    );
    const app = await extractor(target, {}, logger);
    const discovery = app.get(DiscoveryService);
    expect(await discovery.discover()).toEqual({ listed: 9, enqueued: 1 });
    expect(await deletedCount(app, 'song')).toBe(0);

    const [song] = await catalog.query(`select id, object_key, etag from songs order by object_key limit 1`);
    await remove(store, target.bucket, song.object_key);
    await remove(store, target.bucket, 'queued/never-read.mid');
    const pass = await discovery.discover({ removeDeleted: true });

    expect(pass.removed).toEqual({ songs: 1, invalidObjects: 0, jobs: 1 });
    expect(await count(catalog, `select 1 from extraction_jobs`)).toBe(0);
    expect(await count(catalog, `select 1 from songs`)).toBe(7);
    expect(await deletedCount(app, 'song')).toBe(1);
    expect(await deletedCount(app, 'job')).toBe(1);
    expect(await deletedCount(app, 'invalid')).toBe(0);
    const logged = lines.map((line) => JSON.parse(line)).filter((line) => Array.isArray(line.removed));
    expect(logged).toEqual([
      expect.objectContaining({
        bucket: target.bucket,
        row: 'song',
        removed: [{ key: song.object_key, etag: song.etag, songId: Number(song.id) }],
      }),
      expect.objectContaining({ row: 'job', removed: [expect.objectContaining({ key: 'queued/never-read.mid' })] }),
    ]);
  });

  it('removes nothing when the store dies part-way through the listing', async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'deleted-s3-'));
    await chmod(dataDir, 0o755);
    const port = await findFreePort();
    let s3: RunningS3Server = await startS3Server({ dataDir, port });
    later(() => s3.stop());
    // The second listing page is asked for after the first is queued: the store dies just then, once.
    let died = false;
    const proxy = await startListingProxy(s3.endpoint, async () => {
      if (died) return;
      died = true;
      await s3.stop();
    });
    later(() => proxy.close());
    const { store, catalog, target } = await setUp(s3.endpoint);
    const songs = await seedSongs(store, target.bucket, 12);
    await extractInProcess(target);
    // 1,000 keys sorting before the songs' fill the first page, so the songs are on the second.
    const filler = Array.from({ length: 1000 }, (_, i) => `a-filler/${String(i).padStart(4, '0')}`);
    for (let start = 0; start < filler.length; start += 50) {
      await Promise.all(filler.slice(start, start + 50).map((key) => store.put(target.bucket, key, new Uint8Array(1))));
    }
    for (const song of songs.slice(0, 3)) await remove(store, target.bucket, song.key);

    const app = await extractor({ ...target, s3Endpoint: proxy.endpoint });
    const failure = await app
      .get(DiscoveryService)
      .discover({ removeDeleted: true })
      .then(
        () => 'listed',
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    expect(proxy.listings()).toBeGreaterThanOrEqual(2);
    expect(await count(catalog, `select 1 from songs`)).toBe(12);
    expect(await deletedCount(app, 'song')).toBe(0);

    s3 = await startS3Server({ dataDir, port });
    const pass = await app.get(DiscoveryService).discover({ removeDeleted: true });
    expect(pass.listed).toBe(1009);
    expect(pass.removed?.songs).toBe(3);
    expect(await count(catalog, `select 1 from songs`)).toBe(9);
  });

  it('removes each song once when two extractors compare at the same time', async () => {
    const { store, catalog, target } = await setUp();
    const songs = await seedSongs(store, target.bucket, 40);
    await extractInProcess(target);
    const gone = songs.filter((_, i) => i % 3 === 0).map((song) => song.key);
    for (const key of gone) await remove(store, target.bucket, key);

    const [one, two] = [await extractor(target), await extractor(target)];
    const passes = await Promise.all(
      [one, two].map((app) => app.get(DiscoveryService).discover({ removeDeleted: true })),
    );
    expect(passes.map((pass) => pass.removed!.songs).reduce((a, b) => a + b)).toBe(gone.length);
    expect((await deletedCount(one, 'song'))! + (await deletedCount(two, 'song'))!).toBe(gone.length);
    expect(await count(catalog, `select 1 from songs`)).toBe(40 - gone.length);
    expect(await count(catalog, `select 1 from songs where object_key = any($1)`, [gone])).toBe(0);
  });

  it('keeps a song written after the listing began, which the listing may have missed', async () => {
    const { store, catalog, target } = await setUp();
    const songs = await seedSongs(store, target.bucket, 5);
    await extractInProcess(target);
    const deletions = new DeletedObjectsRepository(catalog);
    const startedAt = await deletions.now();
    // Uploaded (and extracted by another extractor) after this listing passed where its key sorts.
    const late = 'zz/uploaded-during-the-listing.mid';
    await store.put(target.bucket, late, songs[0].bytes);
    await extractInProcess(target);
    const listed = songs.slice(1).map((song) => song.key);

    const removed = await deletions.removeUnlisted({ bucket: target.bucket, prefix: '', keys: listed, startedAt });
    expect(removed.songs.map((row) => row.key)).toEqual([songs[0].key]);
    expect(await count(catalog, `select 1 from songs where object_key = $1`, [late])).toBe(1);
    // Another bucket's rows and keys outside the prefix are never a listing's business.
    const scoped = await deletions.removeUnlisted({
      bucket: target.bucket,
      prefix: 'other/',
      keys: [],
      startedAt: new Date(),
    });
    expect(scoped.songs).toEqual([]);
    expect(await count(catalog, `select 1 from songs`)).toBe(5);
  });

  it('compares in service mode once per DISCOVERY_DELETION_INTERVAL_SECONDS, not on every pass', async () => {
    const { store, catalog, target } = await setUp();
    const songs = await seedSongs(store, target.bucket, 6);
    await extractInProcess(target);
    const app = await extractor(target, {
      DISCOVERY_INTERVAL_SECONDS: '0.1',
      DISCOVERY_DELETION_INTERVAL_SECONDS: '3',
    });
    const discovery = app.get(DiscoveryService);
    discovery.start();
    // The first pass compares; the store then loses a song.
    await eventually('the first pass', async () => discovery.lastPassAt !== null);
    const deletedAt = performance.now();
    await remove(store, target.bucket, songs[0].key);
    await eventually('the song to be removed', async () => (await count(catalog, 'select 1 from songs')) === 5, 20_000);
    const seconds = (performance.now() - deletedAt) / 1000;
    // Passes run every 0.1 s, but only the one due 3 s after the first compares.
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(10);
    expect(await deletedCount(app, 'song')).toBe(1);
  });
});
