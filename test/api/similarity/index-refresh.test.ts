import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { writeGeneratedCatalog } from '@scale/catalog';
import { loadEnvironment } from '@scale/config';
import { bruteForceSimilar } from '@scale/similarity';
import { createLogger } from '@scale/telemetry';
import { createApiApp } from '../../../apps/api/src/api-app';
import { SongIndexService } from '../../../apps/api/src/similarity/song-index.service';
import { createDatabase, openCatalog } from '../../support/catalog-database';
import { eventually } from '../../support/extractor';
import { seriesValue } from '../../support/prometheus-text';

interface Similar {
  similar: Array<{ song: { id: number } }>;
}

/*
 * The index against the real catalog database, refreshed only when the test says so (the timer's
 * interval is an hour), so "within one refresh" means exactly one call.
 */
describe('similarity index refresh', () => {
  let catalog: DataSource;
  let app: NestExpressApplication;
  let url: string;
  let index: SongIndexService;

  const get = async <T>(path: string) => {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  };
  const catalogSongs = async (): Promise<Array<{ id: number; instruments: number[] }>> => {
    const rows: Array<{ id: string; instruments: number[] }> = await catalog.query(
      `select id, instruments from songs order by id`,
    );
    return rows.map((row) => ({ id: Number(row.id), instruments: row.instruments }));
  };
  const expectExactAnswers = async (ids: readonly number[]) => {
    const songs = await catalogSongs();
    for (const id of ids) {
      const answer = await get<Similar>(`/api/songs/${id}/similar?limit=20&minShared=1`);
      const expected = bruteForceSimilar(songs, id, { limit: 20, minShared: 1 })?.map((song) => song.id);
      expect(answer.body.similar.map((entry) => entry.song.id)).toEqual(expected);
    }
  };

  beforeAll(async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    catalog = await openCatalog(databaseUrl);
    await writeGeneratedCatalog(catalog, { seed: 11, count: 3000, bucket: 'scale-midi' });
    const environment = loadEnvironment({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      SIMILARITY_REFRESH_SECONDS: '3600',
    });
    app = await createApiApp({ environment, databaseUrl, logger: createLogger('scale-api-test', 'warn') });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    index = app.get(SongIndexService);
    await eventually('the index to load', async () => (await get('/readyz')).status === 200, 60_000, 100);
  });

  afterAll(async () => {
    await app?.close();
    await catalog?.destroy();
  });

  it('drops songs deleted from the catalog within one refresh, even when as many are added meanwhile', async () => {
    const songs = await catalogSongs();
    // Spread over the ids, so several ranges of the tally differ.
    const gone = [songs[3], songs[1500], songs[1501], songs[2999]].map((song) => song.id);
    const neighbour = bruteForceSimilar(songs, songs[0].id, { limit: 5 })!.map((song) => song.id);
    gone.push(...neighbour.filter((id) => !gone.includes(id)).slice(0, 2));
    await catalog.query(`delete from songs where id = any($1::bigint[])`, [gone]);
    // As many new songs: the catalog's count alone would not show the deletions.
    await writeGeneratedCatalog(catalog, { seed: 12, count: gone.length, bucket: 'scale-midi-more' });
    expect((await catalogSongs()).length).toBe(songs.length);

    await index.refresh();

    for (const id of gone) {
      expect(index.card(id)).toBeUndefined();
      expect((await get(`/api/songs/${id}/similar`)).status).toBe(404);
    }
    expect(index.index.size).toBe(songs.length);
    await expectExactAnswers([songs[0].id, songs[2].id, songs[1502].id]);
  });

  it('rebuilds in the background once upserts shift rarity, answers exact after the swap, and reports the rebuild and the drift', async () => {
    const metrics = async () => (await fetch(`${url}/metrics`)).text();
    const before = seriesValue(await metrics(), 'scale_similarity_index_rebuild_duration_seconds_count', {}) ?? 0;
    // Every song with the drum kit trades it for program 120: the most common instrument becomes rare.
    await catalog.query(
      `update songs set instruments = array_replace(instruments, 128::smallint, 120::smallint), extracted_at = now()
        where 128 = any(instruments) and not 120 = any(instruments)`,
    );
    const refreshed = index.refresh();
    const sample = (await catalogSongs()).filter((_, i) => i % 500 === 1).map((song) => song.id);
    await refreshed;
    await expectExactAnswers(sample);
    await eventually(
      'the rebuild to be reported',
      async () =>
        (seriesValue(await metrics(), 'scale_similarity_index_rebuild_duration_seconds_count', {}) ?? 0) > before,
      10_000,
      20,
    );
    expect(seriesValue(await metrics(), 'scale_similarity_index_rarity_drift_ratio', {})).toBe(0);
    await expectExactAnswers(sample);
  });
});
