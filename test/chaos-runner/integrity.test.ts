import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { generateCorpus } from '@scale/midi-generator';
import type { ObjectStore } from '@scale/storage';
import { checkIntegrity } from '../../apps/chaos-runner/src/integrity';
import { startApi, type RunningApi } from '../support/api';
import { createBucket, seedSongs, storeAt } from '../support/bucket';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { eventually, extractInProcess } from '../support/extractor';

interface Group {
  readonly databaseUrl: string;
  readonly catalog: DataSource;
  api?: RunningApi;
}

// Two groups' catalogs extracted from one bucket, each with its API, compared as the runner does after an experiment.
describe('data integrity between the groups', () => {
  let store: ObjectStore;
  let bucket: string;
  let control: Group;
  let experiment: Group;
  const s3Endpoint = inject('s3Endpoint');

  const openGroup = async (): Promise<Group> => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    return { databaseUrl, catalog: await openCatalog(databaseUrl) };
  };
  const extract = (group: Group) => extractInProcess({ databaseUrl: group.databaseUrl, s3Endpoint, bucket });
  const check = (settleTimeoutMs: number, sampleSize = 100) =>
    checkIntegrity({
      control: { databaseUrl: control.databaseUrl, apiUrl: control.api!.url },
      experiment: { databaseUrl: experiment.databaseUrl, apiUrl: experiment.api!.url },
      bucket,
      sampleSize,
      settleTimeoutMs,
    });

  beforeAll(async () => {
    store = storeAt(s3Endpoint);
    bucket = await createBucket(store);
    await seedSongs(store, bucket, 40);
    [control, experiment] = await Promise.all([openGroup(), openGroup()]);
    await extract(control);
    await extract(experiment);
    control.api = await startApi(control.databaseUrl);
    experiment.api = await startApi(experiment.databaseUrl);
  });
  afterAll(async () => {
    for (const group of [control, experiment]) {
      await group?.api?.app.close();
      await group?.catalog.destroy();
    }
    store?.destroy();
  });

  it('holds when both catalogs and both APIs agree', async () => {
    const report = await check(10_000, 12);
    expect(report).toMatchObject({
      holds: true,
      settled: true,
      control: { songs: 40 },
      experiment: { songs: 40 },
      missingInExperiment: [],
      extraInExperiment: [],
      duplicates: { control: [], experiment: [] },
      similarChecked: 12,
      similarMismatches: [],
    });
  });

  it('waits for a catalog that is behind to catch up', async () => {
    await Promise.all([...generateCorpus(8, 5)].map((song) => store.put(bucket, `late/${song.key}`, song.bytes)));
    await extract(control);
    const checking = check(30_000);
    // The experiment's extractor gets to the new objects only after the check began.
    await sleep(1_500);
    await extract(experiment);
    const report = await checking;
    expect(report).toMatchObject({
      holds: true,
      settled: true,
      control: { songs: 45 },
      experiment: { songs: 45 },
      missingInExperiment: [],
      similarMismatches: [],
    });
    expect(report.similarChecked).toBe(45);
  });

  it('reports the songs whose similar songs differ when an instrument set changed in one group only', async () => {
    const [song]: Array<{ id: string; object_key: string; instruments: number[] }> = await experiment.catalog.query(
      `select id, object_key, instruments from songs where bucket = $1 order by object_key limit 1`,
      [bucket],
    );
    const other = song.instruments.includes(120) ? 121 : 120;
    await experiment.catalog.transaction(async (manager) => {
      await manager.query(`update songs set instruments = $2, extracted_at = now() where id = $1`, [song.id, [other]]);
      await manager.query(`delete from song_instruments where song_id = $1`, [song.id]);
      await manager.query(`insert into song_instruments (song_id, instrument, notes) values ($1, $2, 10)`, [
        song.id,
        other,
      ]);
    });
    await eventually(
      'the experiment API to index the change',
      async () => {
        const answer = await experiment.api!.get<{ song: { instruments: number[] } }>(`/api/songs/${song.id}/similar`);
        return answer.body.song.instruments.join() === String(other);
      },
      10_000,
      100,
    );

    const report = await check(3_000);
    // The catalogs hold the same object versions; what the API answers from them differs.
    expect(report).toMatchObject({ holds: false, settled: true, missingInExperiment: [], extraInExperiment: [] });
    expect(report.similarMismatches.map((mismatch) => mismatch.key)).toContain(song.object_key);
    expect(report.similarMismatches.every((mismatch) => mismatch.error === undefined)).toBe(true);
  });

  it('reports a song lost by the experiment catalog as missing', async () => {
    const [[lost]]: [Array<{ object_key: string; etag: string }>, number] = await experiment.catalog.query(
      `delete from songs where id = (select id from songs where bucket = $1 order by object_key desc limit 1) returning object_key, etag`,
      [bucket],
    );

    const report = await check(3_000);
    expect(report).toMatchObject({
      holds: false,
      settled: false,
      control: { songs: 45 },
      experiment: { songs: 44 },
      missingInExperiment: [`${bucket}/${lost.object_key}@${lost.etag}`],
      extraInExperiment: [],
      duplicates: { control: [], experiment: [] },
    });
  });
});
