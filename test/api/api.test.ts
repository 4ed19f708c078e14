import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import { writeGeneratedCatalog } from '@scale/catalog';
import { bruteForceSimilar } from '@scale/similarity';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { startApi, RunningApi } from '../support/api';
import { eventually } from '../support/extractor';
import { seriesValue } from '../support/prometheus-text';

interface Summary {
  id: number;
  key: string;
  title: string | null;
  drums: boolean;
  instruments: number[];
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}
interface Similar {
  song: Summary;
  engine: string;
  similar: Array<{
    song: Summary;
    score: number;
    sharedCount: number;
    shared: Array<{ instrument: number; name: string }>;
  }>;
}
interface Problem {
  status: number;
  title: string;
  detail: string;
}

// The API in this process against the real Postgres (global-setup.ts), on a generated catalog.
describe('similar-songs API', () => {
  let catalog: DataSource;
  let api: RunningApi;
  let songs: Array<{ id: number; instruments: number[] }>;

  beforeAll(async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    catalog = await openCatalog(databaseUrl);
    await writeGeneratedCatalog(catalog, { seed: 3, count: 4000, bucket: 'scale-midi' });
    const rows: Array<{ id: string; instruments: number[] }> = await catalog.query(
      `select id, instruments from songs order by id`,
    );
    songs = rows.map((row) => ({ id: Number(row.id), instruments: row.instruments }));
    api = await startApi(databaseUrl);
  });

  afterAll(async () => {
    await api?.app.close();
    await catalog?.destroy();
  });

  const pick = (n: number) => Array.from({ length: n }, (_, i) => songs[(i * 7919) % songs.length]);

  it('ranks similar songs exactly as the naive SQL and a brute-force computation do', async () => {
    const cases = pick(40).map((song, i) => ({
      id: song.id,
      limit: [1, 5, 10, 37, 100][i % 5],
      minShared: [1, 1, 2, 3][i % 4],
    }));
    for (const { id, limit, minShared } of cases) {
      const index = await api.get<Similar>(`/api/songs/${id}/similar?limit=${limit}&minShared=${minShared}`);
      const sql = await api.get<Similar>(`/api/songs/${id}/similar?limit=${limit}&minShared=${minShared}&engine=sql`);
      expect(index.status).toBe(200);
      expect(sql.status).toBe(200);
      expect(index.body.engine).toBe('index');
      expect(sql.body.engine).toBe('sql');
      expect(index.body.similar).toEqual(sql.body.similar);
      const brute = bruteForceSimilar(songs, id, { limit, minShared });
      expect(index.body.similar.map((match) => match.song.id)).toEqual(brute!.map((match) => match.id));
      for (const match of index.body.similar) {
        expect(match.sharedCount).toBeGreaterThanOrEqual(minShared);
        expect(match.shared.map((s) => s.instrument)).toEqual(
          match.song.instruments.filter((i) => index.body.song.instruments.includes(i)),
        );
      }
    }
  });

  it('pages through every song once, in a stable order, while songs are added', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: Page } = await api.get<Page>(
        `/api/songs?limit=97${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((song) => song.id));
      cursor = page.body.nextCursor;
      if (++pages === 3) await writeGeneratedCatalog(catalog, { seed: 4, count: 5, bucket: 'scale-midi' });
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.length).toBe(songs.length + 5);
  });

  it('filters by instruments, drums and text, and answers injection attempts as plain text', async () => {
    const both = await api.get<Page>('/api/songs?instrument=0&instrument=128&limit=50');
    expect(both.body.items.length).toBeGreaterThan(0);
    for (const song of both.body.items) expect(song.instruments).toEqual(expect.arrayContaining([0, 128]));
    const noDrums = await api.get<Page>('/api/songs?drums=false&limit=50');
    for (const song of noDrums.body.items) expect(song.drums).toBe(false);
    const title = songs.length > 0 ? (await api.get<Page>(`/api/songs?limit=1`)).body.items[0].title! : '';
    const word = title.split(/\s+/)[0];
    const found = await api.get<Page>(`/api/songs?q=${encodeURIComponent(word)}&limit=100`);
    for (const song of found.body.items) {
      expect(`${song.title} ${song.key}`.toLowerCase()).toContain(word.toLowerCase());
    }
    const injection = await api.get<Page>(`/api/songs?q=${encodeURIComponent("'; drop table songs; --")}`);
    expect(injection.status).toBe(200);
    expect(injection.body.items).toEqual([]);
    const wildcard = await api.get<Page>(`/api/songs?q=${encodeURIComponent('%')}`);
    expect(wildcard.body.items).toEqual([]);
    expect((await catalog.query(`select count(*)::int as n from songs`))[0].n).toBeGreaterThan(0);
  });

  it('answers bad parameters with a 400 naming the field, and unknown songs with a 404', async () => {
    const id = songs[0].id;
    const bad: Array<[string, RegExp]> = [
      [`/api/songs/${id}/similar?limit=0`, /limit/],
      [`/api/songs/${id}/similar?limit=101`, /limit must not be greater than 100/],
      [`/api/songs/${id}/similar?limit=ten`, /limit/],
      [`/api/songs/${id}/similar?minShared=0`, /minShared/],
      [`/api/songs/${id}/similar?engine=magic`, /engine/],
      ['/api/songs?instrument=129', /instrument/],
      ['/api/songs?drums=maybe', /drums/],
      ['/api/songs?sort=title', /sort/],
      ['/api/songs?cursor=', /cursor/],
      ['/api/songs?q=a%00b', /q must not contain NUL/],
      ['/api/songs/abc', /id must be a positive integer/],
      ['/api/songs/-1/similar', /id must be a positive integer/],
      ['/api/instruments/200/songs', /program/],
    ];
    for (const [path, detail] of bad) {
      const response = await api.get<Problem>(path);
      expect(response.status, path).toBe(400);
      expect(response.body.detail, path).toMatch(detail);
    }
    // A cursor of the right type that this API never issued is understood, and cannot be answered.
    const foreign = await api.get<Problem>('/api/songs?cursor=bm9wZQ');
    expect([foreign.status, foreign.body.detail]).toEqual([422, 'cursor is not a cursor this API returned']);
    for (const path of [
      '/api/songs/999999999',
      '/api/songs/999999999/similar',
      '/api/songs/999999999/similar?engine=sql',
    ]) {
      const response = await api.get<Problem>(path);
      expect(response.status, path).toBe(404);
      expect(response.body.detail).toMatch(/no song with id 999999999/);
    }
  });

  it('describes a song with its instruments, and lists instruments with their songs', async () => {
    const song = songs.find((s) => s.instruments.includes(128))!;
    const detail = await api.get<{
      instruments: number[];
      instrumentNotes: Array<{ instrument: number; name: string; family: string; notes: number }>;
    }>(`/api/songs/${song.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.instrumentNotes.map((i) => i.instrument)).toEqual(song.instruments);
    expect(detail.body.instrumentNotes.at(-1)).toMatchObject({ instrument: 128, name: 'Drum kit' });
    const instruments = await api.get<Array<{ instrument: number; songs: number }>>('/api/instruments');
    expect(instruments.body).toHaveLength(129);
    const drums = instruments.body[128].songs;
    expect(drums).toBe(Number((await catalog.query(`select count(*) as n from songs where drums`))[0].n));
    const page = await api.get<Page>('/api/instruments/128/songs?limit=10');
    expect(page.body.items.every((s) => s.drums)).toBe(true);
  });

  it('makes songs the extractor writes visible to similarity queries within seconds', async () => {
    const before = Number((await catalog.query(`select max(id) as id from songs`))[0].id);
    await writeGeneratedCatalog(catalog, { seed: 5, count: 3, bucket: 'scale-midi' });
    const added: Array<{ id: string }> = await catalog.query(`select id from songs where id > $1`, [before]);
    expect(added).toHaveLength(3);
    const newest = Number(added[2].id);
    await eventually(
      'the new song to be in the index',
      async () => (await api.get(`/api/songs/${newest}/similar`)).status === 200,
      10_000,
      100,
    );
  });

  it('exposes Prometheus metrics: request durations by route template, build info, service labels', async () => {
    const id = songs[1].id;
    await api.get(`/api/songs/${id}/similar`);
    await api.get('/api/songs/abc');
    await api.get('/no/such/route');
    const response = await fetch(`${api.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0.0.4/);
    const text = await response.text();
    const identity = { service: 'scale-api', group: 'control', zone: 'local' };
    expect(text).toMatch(/^# TYPE http_server_request_duration_seconds histogram$/m);
    const count = (route: string, status: number) =>
      seriesValue(text, 'http_server_request_duration_seconds_count', {
        ...identity,
        method: 'GET',
        route,
        status_code: String(status),
      });
    expect(count('/api/songs/:id/similar', 200)).toBeGreaterThanOrEqual(1);
    expect(count('/api/songs/:id', 400)).toBeGreaterThanOrEqual(1);
    expect(count('unmatched', 404)).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(new RegExp(`route="/api/songs/${id}`));
    expect(seriesValue(text, 'scale_build_info', { ...identity, version: '0.1.0' })).toBe(1);
    expect(text).toMatch(/^process_cpu_seconds_total\{/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{/m);
  });

  it('publishes an OpenAPI document and reports health', async () => {
    const openapi = await api.get<{ openapi: string; paths: Record<string, unknown> }>('/api/docs/openapi.json');
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/songs',
        '/api/songs/{id}',
        '/api/songs/{id}/similar',
        '/api/instruments',
        '/api/instruments/{program}/songs',
      ]),
    );
    expect((await api.get('/healthz')).status).toBe(200);
    const ready = await api.get<{ indexLoaded: boolean }>('/readyz');
    expect(ready.body.indexLoaded).toBe(true);
  });

  it('answers a method a path does not serve with 405 and Allow, OPTIONS with the list, an unknown path with 404', async () => {
    const trace = await fetch(`${api.url}/api/songs/1`, { method: 'DELETE' });
    expect(trace.status).toBe(405);
    expect(trace.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(trace.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await trace.json()) as Problem).detail).toMatch(/DELETE is not served/);
    const options = await fetch(`${api.url}/api/instruments`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await fetch(`${api.url}/api/nothing-here`, { method: 'DELETE' })).status).toBe(404);
  });

  it('documents every error as a problem document, and types what it checks', async () => {
    const document = (
      await api.get<{
        paths: Record<
          string,
          Record<
            string,
            {
              parameters?: Array<{ name: string; schema: Record<string, unknown> }>;
              responses: Record<string, { content?: Record<string, unknown> }>;
            }
          >
        >;
      }>('/api/docs/openapi.json')
    ).body;
    const similar = document.paths['/api/songs/{id}/similar'].get;
    expect(Object.keys(similar.responses['404'].content ?? {})).toEqual(['application/problem+json']);
    expect(Object.keys(similar.responses).sort()).toEqual(['200', '400', '404', '503']);
    expect(similar.parameters?.find((parameter) => parameter.name === 'id')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
    });
    expect(similar.parameters?.find((parameter) => parameter.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
  });
});
