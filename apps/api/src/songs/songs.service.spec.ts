import { NotFoundException, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { METRICS_REGISTRY, type Logger } from '@scale/telemetry';
import { apiProblemFilter } from '../common/problem.filter';
import { encodeCursor } from '../common/cursor';
import { SongIndexService, type SongCard } from '../similarity/song-index.service';
import { TITLE_INDEX_DEFAULTS, TitleIndex } from '../search/title-index';
import { ListSongsQuery } from './dto/list-songs.query';
import { SimilarSongsQuery } from './dto/similar.query';
import { SongsRepository, type SongRow } from './songs.repository';
import { SongsService } from './songs.service';

const row = (id: number, instruments = [0, 40]): SongRow => ({
  id: String(id),
  bucket: 'songs',
  object_key: `midi/${id}.mid`,
  title: `Song ${id}`,
  format: 1,
  tracks: 2,
  duration_seconds: 90,
  notes: 300,
  drums: false,
  instruments,
  extracted_at: new Date('2024-05-01T12:00:00Z'),
});
const card = (id: number, instruments = [0, 40]): SongCard => ({
  id,
  key: `midi/${id}.mid`,
  title: `Song ${id}`,
  drums: false,
  instruments,
});

async function build(
  rows: SongRow[] = [row(1)],
  index: { loaded?: boolean; cards?: SongCard[]; titles?: TitleIndex; confirmed?: number[] } = {},
) {
  const songs = {
    find: vi.fn(async () => rows),
    findById: vi.fn(async (id: number) => rows.find((r) => Number(r.id) === id)),
    findByIds: vi.fn(async (ids: readonly number[]) => rows.filter((r) => ids.includes(Number(r.id)))),
    instrumentNotes: vi.fn(async () => [{ instrument: 40, notes: 120 }]),
    similarBySql: vi.fn(async () => [{ id: '2', shared: [40], shared_count: 1, score: 1 / 3 }]),
    matchingIds: vi.fn(async () => new Set(index.confirmed ?? [])),
  };
  const cards = new Map((index.cards ?? []).map((c) => [c.id, c]));
  const similar = vi.fn((id: number) =>
    cards.has(id) ? [{ id: 2, score: 2 / 3, sharedCount: 2, shared: [0, 40] }] : undefined,
  );
  const songIndex = {
    loaded: index.loaded ?? true,
    card: (id: number) => cards.get(id),
    index: { similar },
    titles: index.titles ?? null,
  };
  const module = await Test.createTestingModule({
    providers: [
      SongsService,
      { provide: SongsRepository, useValue: songs },
      { provide: SongIndexService, useValue: songIndex },
      { provide: METRICS_REGISTRY, useValue: new Registry() },
    ],
  }).compile();
  const service = module.get(SongsService);
  return { service, songs, similar };
}

const listQuery = (fields: Partial<ListSongsQuery>) => Object.assign(new ListSongsQuery(), fields);
const similarQuery = (fields: Partial<SimilarSongsQuery>) => Object.assign(new SimilarSongsQuery(), fields);

/** What the API's exception filter answers for an error, as a client would see it. */
function answerTo(error: unknown): { status: number; detail: string } {
  const response = { status: vi.fn(), type: vi.fn(), json: vi.fn() };
  response.status.mockReturnValue(response);
  response.type.mockReturnValue(response);
  const http = { getResponse: () => response, getRequest: () => ({ method: 'GET', url: '/api/songs/1' }) };
  const logger = { error: vi.fn() } as unknown as Logger;
  apiProblemFilter(logger, new Registry()).catch(error, { switchToHttp: () => http } as unknown as ArgumentsHost);
  return response.json.mock.calls[0][0];
}

describe('SongsService.get', () => {
  it('answers a song with its named instruments and note counts', async () => {
    const { service } = await build([row(7)]);
    const song = await service.get(7);
    expect(song).toMatchObject({ id: 7, key: 'midi/7.mid', durationSeconds: 90 });
    expect(song.extractedAt).toBe('2024-05-01T12:00:00.000Z');
    expect(song.instrumentNotes).toEqual([{ instrument: 40, name: 'Violin', family: 'Strings', notes: 120 }]);
  });

  it('answers 404 for a song that does not exist, without reading its instruments', async () => {
    const { service, songs } = await build([]);
    const failure = service.get(42);
    await expect(failure).rejects.toThrow(NotFoundException);
    await expect(failure).rejects.toMatchObject({ status: 404, message: 'no song with id 42' });
    expect(songs.instrumentNotes).not.toHaveBeenCalled();
  });

  it('passes a refused database connection on untouched, which the API answers with 503', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { service, songs } = await build();
    songs.findById.mockRejectedValue(refused);
    const failure = await service.get(1).catch((error: unknown) => error);
    expect(failure).toBe(refused);
    const answer = answerTo(failure);
    expect(answer.status).toBe(503);
    expect(answer.detail).toMatch(/catalog database is unavailable \(connect ECONNREFUSED/);
  });

  it('answers a failed statement with 500, not 503: waiting would not fix it', async () => {
    const syntax = Object.assign(new Error('syntax error at or near "form"'), { code: '42601' });
    const { service, songs } = await build();
    songs.findById.mockRejectedValue(syntax);
    expect(answerTo(await service.get(1).catch((error: unknown) => error)).status).toBe(500);
  });
});

describe('SongsService.list', () => {
  it('asks for one row more than the page, from the cursor, with the search trimmed', async () => {
    const { service, songs } = await build([]);
    await service.list(listQuery({ limit: 5, cursor: encodeCursor(30), q: '  bach ', drums: true }));
    expect(songs.find).toHaveBeenCalledWith({ q: 'bach', instruments: undefined, drums: true, afterId: 30, limit: 6 });
    await service.list(listQuery({ q: '   ' }));
    expect(songs.find).toHaveBeenLastCalledWith(expect.objectContaining({ q: undefined, afterId: 0, limit: 21 }));
  });

  it('gives a cursor after the last song shown only when the extra row says another page exists', async () => {
    const more = await (await build([row(3), row(4), row(5)])).service.list(listQuery({ limit: 2 }));
    expect(more.items.map((item) => item.id)).toEqual([3, 4]);
    expect(more.nextCursor).toBe(encodeCursor(4));
    const last = await (await build([row(3), row(4)])).service.list(listQuery({ limit: 2 }));
    expect(last.nextCursor).toBeNull();
  });

  it('answers a search from the title index once loaded, asking SQL only which undecided cards match', async () => {
    const cards = [card(3), { ...card(5), title: 'İstanbul Song' }, card(7), card(9), card(11)];
    const { service, songs } = await build([], { cards, titles: TitleIndex.from(cards), confirmed: [5] });
    const page = await service.list(listQuery({ q: ' SONG ', limit: 2, cursor: encodeCursor(3) }));
    expect(page).toEqual({ items: [cards[1], cards[2]], nextCursor: encodeCursor(7) });
    expect(songs.matchingIds).toHaveBeenCalledWith('SONG', [5]);
    expect(songs.find).not.toHaveBeenCalled();
    const last = await service.list(listQuery({ q: 'song 1', limit: 2, cursor: encodeCursor(5) }));
    expect(last).toEqual({ items: [cards[4]], nextCursor: null });
    expect(songs.matchingIds).toHaveBeenCalledTimes(1);
  });

  it('asks SQL for the rest of the page after the cards the index scanned within its budget', async () => {
    const cards = [card(3), card(5), card(6)];
    const titles = TitleIndex.from(cards, { ...TITLE_INDEX_DEFAULTS, scanBudget: 2 });
    const { service, songs } = await build([row(6), row(7)], { cards, titles });
    const page = await service.list(listQuery({ q: 'so', limit: 5 }));
    expect(page.items.map((item) => item.id)).toEqual([3, 5, 6, 7]);
    expect(songs.find).toHaveBeenCalledWith(expect.objectContaining({ q: 'so', afterId: 5, limit: 4 }));
  });

  it('searches in SQL while the index loads, without a title index, and for text beyond ASCII', async () => {
    const cards = [card(3)];
    const loading = await build([], { cards, titles: TitleIndex.from(cards), loaded: false });
    await loading.service.list(listQuery({ q: 'song' }));
    expect(loading.songs.find).toHaveBeenCalledTimes(1);
    const sqlOnly = await build([], { cards });
    await sqlOnly.service.list(listQuery({ q: 'song' }));
    expect(sqlOnly.songs.find).toHaveBeenCalledTimes(1);
    const loaded = await build([], { cards, titles: TitleIndex.from(cards) });
    await loaded.service.list(listQuery({ q: 'sóng' }));
    await loaded.service.list(listQuery({ drums: true }));
    expect(loaded.songs.find).toHaveBeenCalledTimes(2);
  });

  it('answers 422 for a cursor it never issued, without querying', async () => {
    const { service, songs } = await build();
    await expect(service.list(listQuery({ cursor: 'bm9wZQ' }))).rejects.toThrow(UnprocessableEntityException);
    expect(songs.find).not.toHaveBeenCalled();
  });
});

describe('SongsService.similar', () => {
  it('answers from the in-memory index without touching the database, scores rounded', async () => {
    const { service, songs, similar } = await build([], { cards: [card(1), card(2)] });
    const answer = await service.similar(1, similarQuery({ limit: 3, minShared: 2 }));
    expect(similar).toHaveBeenCalledWith(1, { limit: 3, minShared: 2 });
    expect(answer.engine).toBe('index');
    expect(answer.similar).toEqual([
      {
        song: card(2),
        score: 0.666667,
        sharedCount: 2,
        shared: [expect.objectContaining({ instrument: 0 }), expect.objectContaining({ name: 'Violin' })],
      },
    ]);
    expect(songs.findById).not.toHaveBeenCalled();
  });

  it('answers 503 while the index is still loading', async () => {
    const { service, similar } = await build([], { loaded: false, cards: [card(1)] });
    const failure = service.similar(1, similarQuery({}));
    await expect(failure).rejects.toThrow(ServiceUnavailableException);
    await expect(failure).rejects.toMatchObject({ status: 503, message: 'the similarity index is still loading' });
    expect(similar).not.toHaveBeenCalled();
  });

  it('answers 404 for a song the index does not hold', async () => {
    const { service } = await build([], { cards: [card(1)] });
    const failure = service.similar(9, similarQuery({}));
    await expect(failure).rejects.toMatchObject({ status: 404, message: 'no song with id 9' });
  });

  it('with engine=sql asks Postgres, even while the index is loading', async () => {
    const { service, songs, similar } = await build([row(1), row(2, [40])], { loaded: false });
    const answer = await service.similar(1, similarQuery({ engine: 'sql', limit: 4, minShared: 1 }));
    expect(songs.similarBySql).toHaveBeenCalledWith(1, 4, 1);
    expect(answer).toMatchObject({ engine: 'sql', song: { id: 1 } });
    expect(answer.similar).toEqual([
      {
        song: expect.objectContaining({ id: 2 }),
        score: 0.333333,
        sharedCount: 1,
        shared: [expect.objectContaining({ name: 'Violin' })],
      },
    ]);
    expect(similar).not.toHaveBeenCalled();
  });

  it('with engine=sql answers 404 for a missing song before ranking anything', async () => {
    const { service, songs } = await build([]);
    await expect(service.similar(5, similarQuery({ engine: 'sql' }))).rejects.toThrow(NotFoundException);
    expect(songs.similarBySql).not.toHaveBeenCalled();
  });
});
