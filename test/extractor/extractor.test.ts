import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import { generateSong } from '@scale/midi-generator';
import { ObjectStore } from '@scale/storage';
import { createBucket, seedSongs, storeAt } from '../support/bucket';
import { count, createDatabase, openCatalog } from '../support/catalog-database';
import { extractInProcess, Target } from '../support/extractor';

// Real Postgres and real S3 server (started in global-setup.ts); the extractor runs in this process.
describe('extractor', () => {
  const store: ObjectStore = storeAt(inject('s3Endpoint'));
  const catalogs: DataSource[] = [];
  let target: Target;
  let catalog: DataSource;

  beforeEach(async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    target = { databaseUrl, s3Endpoint: inject('s3Endpoint'), bucket: await createBucket(store) };
    catalog = await openCatalog(databaseUrl);
    catalogs.push(catalog);
  });

  afterAll(async () => {
    await Promise.all(catalogs.map((dataSource) => dataSource.destroy()));
    store.destroy();
  });

  const songRows = () =>
    catalog.query(
      `select s.object_key, s.etag, s.instruments, s.drums, s.notes, s.extracted_at,
              array_agg(si.instrument || ':' || si.notes order by si.instrument) as counts
         from songs s join song_instruments si on si.song_id = s.id
        group by s.id order by s.object_key`,
    );

  it('catalogs every object with the instruments it was written with, and a second run changes nothing', async () => {
    const songs = await seedSongs(store, target.bucket, 120);

    const first = await extractInProcess(target);
    expect(first.enqueued).toBe(120);
    expect(first.run.songs).toBe(120);
    expect(first.catalog.pendingJobs).toBe(0);

    const rows: Array<{ object_key: string; instruments: number[]; drums: boolean; notes: number }> = await songRows();
    const byKey = new Map(rows.map((row) => [row.object_key, row]));
    expect(byKey.size).toBe(120);
    for (const song of songs) {
      const row = byKey.get(song.key);
      expect(row, song.key).toBeDefined();
      expect(row!.instruments).toEqual([...song.expected.programs, ...(song.expected.drums ? [128] : [])]);
      expect(row!.drums).toBe(song.expected.drums);
      expect(row!.notes).toBe(song.expected.notes);
    }

    const second = await extractInProcess(target);
    expect(second.listed).toBe(120);
    expect(second.enqueued).toBe(0);
    expect(second.run.processed).toBe(0);
    expect(await songRows()).toEqual(rows);
  });

  it('replaces the row of an object that changed, and only that row', async () => {
    await seedSongs(store, target.bucket, 10);
    await extractInProcess(target);
    const before: Array<{ object_key: string; etag: string }> = await catalog.query(
      `select object_key, etag from songs order by object_key`,
    );

    const changedKey = before[3].object_key;
    const replacement = generateSong(99, 5);
    await store.put(target.bucket, changedKey, replacement.bytes);
    const run = await extractInProcess(target);

    expect(run.enqueued).toBe(1);
    expect(run.run.songs).toBe(1);
    const after: Array<{ object_key: string; etag: string; instruments: number[]; notes: number }> =
      await catalog.query(`select object_key, etag, instruments, notes from songs order by object_key`);
    expect(after).toHaveLength(10);
    const changed = after.find((row) => row.object_key === changedKey)!;
    expect(changed.etag).not.toBe(before[3].etag);
    expect(changed.instruments).toEqual([
      ...replacement.expected.programs,
      ...(replacement.expected.drums ? [128] : []),
    ]);
    expect(changed.notes).toBe(replacement.expected.notes);
    const instrumentRows = await count(
      catalog,
      `select 1 from song_instruments si join songs s on s.id = si.song_id where s.object_key = $1`,
      [changedKey],
    );
    expect(instrumentRows).toBe(changed.instruments.length);
    expect(after.filter((row) => row.object_key !== changedKey)).toEqual(
      before.filter((row) => row.object_key !== changedKey).map((row) => expect.objectContaining(row)),
    );
  });

  it('records invalid MIDI with its reason and goes on with the rest; a fixed object becomes a song', async () => {
    await seedSongs(store, target.bucket, 20);
    const valid = generateSong(3, 0).bytes;
    await store.put(target.bucket, 'bad/not-midi.mid', new TextEncoder().encode('this is a text file, not MIDI'));
    await store.put(target.bucket, 'bad/truncated.mid', valid.subarray(0, Math.floor(valid.length / 2)));
    await store.put(target.bucket, 'bad/empty.mid', new Uint8Array());

    const run = await extractInProcess(target);
    expect(run.run.songs).toBe(20);
    expect(run.run.invalid).toBe(3);
    const invalid: Array<{ object_key: string; reason: string; attempts: number }> = await catalog.query(
      `select object_key, reason, attempts from invalid_objects order by object_key`,
    );
    expect(invalid.map((row) => row.object_key)).toEqual(['bad/empty.mid', 'bad/not-midi.mid', 'bad/truncated.mid']);
    for (const row of invalid) {
      expect(row.reason.length).toBeGreaterThan(10);
      expect(row.attempts).toBe(1);
    }
    expect(invalid[1].reason).toMatch(/MThd|header/i);

    // The same bad version is not examined again.
    const again = await extractInProcess(target);
    expect(again.enqueued).toBe(0);

    await store.put(target.bucket, 'bad/truncated.mid', valid);
    await store.put(target.bucket, 'demo/0/song-000000.mid', new Uint8Array([0x4d, 0x54, 0x68, 0x64]));
    const fixed = await extractInProcess(target);
    expect(fixed.run.songs).toBe(1);
    expect(fixed.run.invalid).toBe(1);
    expect(await count(catalog, `select 1 from songs where object_key = 'bad/truncated.mid'`)).toBe(1);
    expect(await count(catalog, `select 1 from invalid_objects where object_key = 'bad/truncated.mid'`)).toBe(0);
    // A song that turned into garbage is no longer a song.
    expect(await count(catalog, `select 1 from songs where object_key = 'demo/0/song-000000.mid'`)).toBe(0);
    expect(await count(catalog, `select 1 from invalid_objects where object_key = 'demo/0/song-000000.mid'`)).toBe(1);
  });

  it('refuses objects above the size limit, naming the limit', async () => {
    const songs = await seedSongs(store, target.bucket, 12);
    const limit = 6000;
    const oversized = songs.filter((song) => song.bytes.length > limit).length;
    expect(oversized).toBeGreaterThan(0);

    const run = await extractInProcess(target, { MIDI_MAX_BYTES: String(limit) });
    expect(run.run.invalid).toBe(oversized);
    expect(run.run.songs).toBe(12 - oversized);
    const reasons: Array<{ reason: string }> = await catalog.query(`select reason from invalid_objects`);
    for (const { reason } of reasons) expect(reason).toMatch(/bytes, above the 6000-byte limit \(MIDI_MAX_BYTES\)/);
  });

  it('only extracts under the configured prefix', async () => {
    await seedSongs(store, target.bucket, 6);
    await store.put(target.bucket, 'other/song.mid', generateSong(1, 1).bytes);
    const run = await extractInProcess(target, { S3_PREFIX: 'other/' });
    expect(run.listed).toBe(1);
    expect(await count(catalog, `select 1 from songs`)).toBe(1);
  });
});
