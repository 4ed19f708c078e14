import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { writeGeneratedCatalog } from '@scale/catalog';
import { loadEnvironment } from '@scale/config';
import { createLogger } from '@scale/telemetry';
import { createApiApp } from '../../apps/api/src/api-app';
import { SongIndexService } from '../../apps/api/src/similarity/song-index.service';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { eventually } from '../support/extractor';
import { seriesValue } from '../support/prometheus-text';

interface Page {
  items: Array<{ id: number; title: string | null; key: string }>;
  nextCursor: string | null;
}

/** Titles and keys the generated catalog lacks: wildcards, a backslash, upper-case keys, text beyond ASCII. */
const ODD_SONGS: Array<[key: string, title: string | null]> = [
  ['odd/ISTANBUL-Blue.MID', 'İstanbul Blue River'],
  ['odd/istanbul.mid', 'ISTANBUL (Live)'],
  ['odd/kelvin.mid', '\u212aelvin Blue Road'],
  ['odd/ete.mid', 'Été Blue Moon'],
  ['odd/percent.mid', '100% Blue_Moon'],
  ['odd/back\\slash.mid', 'Back\\slash Blue 7'],
  ['odd/LAKH/0A1B2C3D4E5F.MID', null],
  ['odd/lithuanian.mid', 'Ìsland Í Ĩ Blue'],
];

/** An API in this process, searching titles as `titleSearch` says; refreshed only when a test asks. */
async function startApi(databaseUrl: string, titleSearch: 'memory' | 'sql') {
  const environment = loadEnvironment({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    SIMILARITY_REFRESH_SECONDS: '3600',
    TITLE_SEARCH: titleSearch,
  });
  const app = await createApiApp({ environment, databaseUrl, logger: createLogger('scale-api-test', 'warn') });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: (await response.json()) as Page };
  };
  await eventually('the API to be ready', async () => (await fetch(`${url}/readyz`)).status === 200, 60_000, 100);
  const searches = async (engine: string) =>
    seriesValue(await (await fetch(`${url}/metrics`)).text(), 'scale_api_title_searches_total', { engine }) ?? 0;
  return { app, get, searches };
}

/** Every page of a search, following nextCursor (at most `pages`), as one API answers it. */
async function allPages(api: Awaited<ReturnType<typeof startApi>>, path: string, pages = 4): Promise<Page[]> {
  const answers: Page[] = [];
  let cursor: string | null = null;
  do {
    const answer = await api.get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(answer.status, path).toBe(200);
    answers.push(answer.body);
    cursor = answer.body.nextCursor;
  } while (cursor && answers.length < pages);
  return answers;
}

// The in-memory search and the SQL search over HTTP against one real catalog: the same pages, byte for byte.
describe('title search from memory', () => {
  let catalog: DataSource;
  let memory: Awaited<ReturnType<typeof startApi>>;
  let sql: Awaited<ReturnType<typeof startApi>>;
  let apps: NestExpressApplication[] = [];

  /** Searches cut from the catalog's own titles and keys, in several cases, with and without filters. */
  async function searches(): Promise<string[]> {
    const rows: Array<{ title: string | null; object_key: string }> = await catalog.query(
      `select title, object_key from songs where id % 23 = 3 or object_key like 'odd/%' order by id`,
    );
    const cut = rows.flatMap(({ title, object_key: key }, i) => {
      const words = (title ?? '').split(' ');
      return [title ?? key, words.slice(1).join(' '), words.at(-1) ?? '', key.slice(i % 12, (i % 12) + 2 + (i % 9))];
    });
    const made = ['blue', 'BLUE RIVER', 'blue_', '100%', '%', '_', '\\', 'i', 'k', 'stanbul', 'elvin', 'Été', 'sland'];
    const queries = [...made, ...cut.map((q, i) => (i % 3 === 0 ? q.toUpperCase() : q))].filter((q) => q.trim());
    const filters = ['', '&drums=true', '&drums=false', '&instrument=0', '&instrument=0&instrument=128&drums=true'];
    return queries.map((q, i) => `/api/songs?q=${encodeURIComponent(q)}&limit=${[5, 20, 100][i % 3]}${filters[i % 5]}`);
  }

  async function expectSameAnswers(): Promise<number> {
    let nonEmpty = 0;
    for (const path of await searches()) {
      const fromMemory = await allPages(memory, path);
      const fromSql = await allPages(sql, path);
      expect(fromMemory, path).toEqual(fromSql);
      // Fields in the same order too: the JSON is the same text.
      expect(JSON.stringify(fromMemory), path).toBe(JSON.stringify(fromSql));
      if (fromMemory[0].items.length > 0) nonEmpty++;
    }
    return nonEmpty;
  }

  beforeAll(async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    catalog = await openCatalog(databaseUrl);
    await writeGeneratedCatalog(catalog, { seed: 23, count: 3000, bucket: 'scale-midi' });
    for (const [key, title] of ODD_SONGS) {
      await catalog.query(
        `insert into songs (bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                            duration_seconds, notes, drums, drum_notes, instruments)
         values ('scale-midi', $1, md5($1), 1000, repeat('0', 64), $2, 1, 2, 60, 100, $3, 0, $4)`,
        [key, title, key.length % 2 === 0, key.length % 2 === 0 ? [0, 128] : [0]],
      );
    }
    memory = await startApi(databaseUrl, 'memory');
    sql = await startApi(databaseUrl, 'sql');
    apps = [memory.app, sql.app];
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await catalog?.destroy();
  });

  it('answers every search, page by page, exactly as SQL does, from memory', async () => {
    const before = await memory.searches('memory');
    expect(await expectSameAnswers()).toBeGreaterThan(300);
    // Only the queries beyond ASCII ("Été") went to SQL; the SQL-only API never searched in memory.
    expect((await memory.searches('memory')) - before).toBeGreaterThan(500);
    expect(await memory.searches('sql')).toBeLessThan(20);
    expect(await sql.searches('memory')).toBe(0);
  });

  it('still answers as SQL does after songs are deleted, retitled and added, within one refresh', async () => {
    await catalog.query(`delete from songs where id in (select id from songs where title ilike '%blue%' limit 40)`);
    await catalog.query(
      `update songs set title = 'Blue Retitled ' || id, extracted_at = now()
        where id in (select id from songs where title ilike '%quiet%' limit 30)`,
    );
    await writeGeneratedCatalog(catalog, { seed: 24, count: 50, bucket: 'scale-midi-more' });
    await memory.app.get(SongIndexService).refresh();
    expect(await expectSameAnswers()).toBeGreaterThan(300);
  });
});
