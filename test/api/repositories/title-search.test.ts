import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { SongsRepository } from '../../../apps/api/src/songs/songs.repository';
import { freshCatalog } from '../../support/repository-databases';

const SONGS = 40_000;

/** The plan Postgres picks for the statement the repository sends, with the parameters it sends. */
async function planOf(dataSource: DataSource, search: (songs: SongsRepository) => Promise<unknown>) {
  const sent: Array<{ sql: string; parameters: unknown[] }> = [];
  const recording = { query: (sql: string, parameters: unknown[]) => (sent.push({ sql, parameters }), []) };
  await search(new SongsRepository(recording as unknown as DataSource));
  const [{ sql, parameters }] = sent;
  const rows: Array<{ 'QUERY PLAN': string }> = await dataSource.query(`explain ${sql}`, parameters);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** The reference answer: titles holding `text` as plain characters (no pattern), in id order. */
async function titlesContaining(dataSource: DataSource, text: string): Promise<string[]> {
  const rows: Array<{ title: string }> = await dataSource.query(
    `select title from songs where strpos(lower(title), lower($1)) > 0 order by id`,
    [text],
  );
  return rows.map((row) => row.title);
}

// The song list's search on a real Postgres with the catalog's migrations: trigram indexes on both columns.
describe('title search', () => {
  let dataSource: DataSource;
  let songs: SongsRepository;

  beforeAll(async () => {
    dataSource = await freshCatalog();
    songs = new SongsRepository(dataSource);
    await dataSource.query(
      `insert into songs (bucket, object_key, etag, size_bytes, content_sha256, title, format, tracks,
                          duration_seconds, notes, drums, drum_notes, instruments)
       select 'midi', 'lakh/' || md5(i::text) || '.mid', md5(i::text), 1000, repeat('0', 64),
              (array['Blue', 'Golden', 'Quiet', '100%'])[1 + i % 4] || ' ' ||
              (array['River', 'Heart', 'Road_Trip'])[1 + i % 3] || ' ' || i,
              1, 2, 60, 100, false, 0, '{0}'
         from generate_series(1, ${SONGS}) as i`,
    );
    await dataSource.query(`vacuum analyze songs`);
  });
  afterAll(() => dataSource?.destroy());

  it('answers a rare title from the trigram indexes, not by reading every row', async () => {
    const plan = await planOf(dataSource, (repository) =>
      repository.find({ q: 'Quiet Heart 1234', afterId: 0, limit: 21 }),
    );
    expect(plan).toContain('songs_title_trgm');
    expect(plan).toContain('songs_object_key_trgm');
    expect(plan).not.toMatch(/Seq Scan/);
    const found = await songs.find({ q: 'quiet heart 1234', afterId: 0, limit: 21 });
    expect(found.map((row) => row.title)).toEqual(await titlesContaining(dataSource, 'quiet heart 1234'));
    expect(found.length).toBeGreaterThan(1);
  });

  it('finds a key fragment through the key index, with % and _ still taken literally', async () => {
    const [row]: Array<{ id: string; object_key: string }> = await dataSource.query(
      `select id, object_key from songs where id = 31337`,
    );
    const fragment = row.object_key.slice(5, 17);
    const plan = await planOf(dataSource, (repository) => repository.find({ q: fragment, afterId: 0, limit: 21 }));
    expect(plan).toContain('songs_object_key_trgm');
    expect((await songs.find({ q: fragment, afterId: 0, limit: 21 })).map((found) => found.id)).toContain('31337');

    const literal = await songs.find({ q: '100% Road_Trip 3', afterId: 0, limit: 1000 });
    expect(literal.map((found) => found.title)).toEqual(await titlesContaining(dataSource, '100% Road_Trip 3'));
    expect(literal.length).toBeGreaterThan(10);
    expect(await songs.find({ q: '100_ Road%Trip 3', afterId: 0, limit: 10 })).toEqual([]);
  });
});
