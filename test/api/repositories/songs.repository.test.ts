import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { SongsRepository, type SongFilter } from '../../../apps/api/src/songs/songs.repository';
import { freshCatalog, insertSongs, type SeedSong } from '../../support/repository-databases';

// Song i of this list gets id i + 1, extracted at minute i + 1 of 2025. 128 is the drum kit.
const song = (key: string, title: string | null, ...instruments: Array<[program: number, notes: number]>) => ({
  key,
  title,
  instruments,
});
const SONGS: SeedSong[] = [
  song('pop/blue-moon.mid', 'Blue Moon', [0, 120], [33, 60]), // 1
  song('pop/pure.mid', '100% Pure', [0, 80], [128, 40]), // 2
  song('raw/untitled_1.mid', null, [40, 30]), // 3
  song('jazz/moonlight.mid', 'Moonlight', [0, 50], [33, 25], [128, 10]), // 4
  song('jazz/night.mid', 'Jazz Night', [0, 10], [33, 20], [40, 30], [128, 40]), // 5
  song('jazz/solo.mid', 'Solo 1000', [73, 15]), // 6
  song('jazz/blue-train.mid', 'Blue Train', [0, 5], [33, 5], [128, 5]), // 7
  song('jazz/big-band.mid', 'Big Band', [0, 1], [33, 2], [40, 3], [41, 4], [42, 5], [128, 6]), // 8
  song('raw/silence.mid', 'Silence'), // 9
].map((seed, i) => ({ ...seed, extractedAt: `2025-01-01T00:0${i + 1}:00Z` }));

const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((row) => Number(row.id));

describe('SongsRepository', () => {
  let dataSource: DataSource;
  let songs: SongsRepository;
  const find = (filter: Partial<SongFilter>) => songs.find({ afterId: 0, limit: 100, ...filter });

  beforeAll(async () => {
    dataSource = await freshCatalog();
    songs = new SongsRepository(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  describe('on an empty catalog', () => {
    it('finds no song by any query', async () => {
      expect(await find({})).toEqual([]);
      expect(await songs.findById(1)).toBeUndefined();
      expect(await songs.findByIds([1, 2])).toEqual([]);
      expect(await songs.instrumentNotes(1)).toEqual([]);
      expect(await songs.similarBySql(1, 10, 1)).toEqual([]);
      expect((await songs.changedSince(null)).rows).toEqual([]);
      expect(await songs.allIds()).toEqual([]);
      expect(await songs.count()).toBe(0);
    });
  });

  describe('on nine known songs', () => {
    beforeAll(() => insertSongs(dataSource, SONGS));

    it('lists every song by id when nothing filters', async () => {
      expect(ids(await find({}))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('pages by id after the cursor, up to the limit, and ends with an empty page', async () => {
      expect(ids(await find({ limit: 4 }))).toEqual([1, 2, 3, 4]);
      expect(ids(await find({ afterId: 4, limit: 4 }))).toEqual([5, 6, 7, 8]);
      expect(ids(await find({ afterId: 8, limit: 4 }))).toEqual([9]);
      expect(ids(await find({ afterId: 9, limit: 4 }))).toEqual([]);
      expect(ids(await find({ limit: 0 }))).toEqual([]);
    });

    it('searches titles and keys without regard to case', async () => {
      expect(ids(await find({ q: 'MOON' }))).toEqual([1, 4]);
      expect(ids(await find({ q: 'untitled' }))).toEqual([3]);
      expect(ids(await find({ q: 'blue' }))).toEqual([1, 7]);
    });

    it('takes % and _ in a search literally, not as wildcards', async () => {
      expect(ids(await find({ q: '100%' }))).toEqual([2]);
      expect(ids(await find({ q: '_' }))).toEqual([3]);
    });

    it('keeps songs holding all the instruments asked for, and ignores an empty set', async () => {
      expect(ids(await find({ instruments: [0, 33] }))).toEqual([1, 4, 5, 7, 8]);
      expect(ids(await find({ instruments: [40, 128] }))).toEqual([5, 8]);
      expect(ids(await find({ instruments: [] }))).toHaveLength(9);
    });

    it('filters on drums both ways and combines every filter with the cursor', async () => {
      expect(ids(await find({ drums: true }))).toEqual([2, 4, 5, 7, 8]);
      expect(ids(await find({ drums: false }))).toEqual([1, 3, 6, 9]);
      expect(ids(await find({ instruments: [0, 33], afterId: 4, limit: 2 }))).toEqual([5, 7]);
      expect(ids(await find({ q: 'blue', drums: true }))).toEqual([7]);
    });

    it('returns nothing when the filters match no song', async () => {
      expect(await find({ q: 'zzz' })).toEqual([]);
      expect(await find({ instruments: [99] })).toEqual([]);
      expect(await find({ instruments: [73], drums: true })).toEqual([]);
    });

    it('reads one song with all its columns, and nothing for an unknown id', async () => {
      expect(await songs.findById(5)).toEqual({
        id: '5',
        bucket: 'midi',
        object_key: 'jazz/night.mid',
        title: 'Jazz Night',
        format: 1,
        tracks: 3,
        duration_seconds: 95.5,
        notes: 100,
        drums: true,
        instruments: [0, 33, 40, 128],
        extracted_at: new Date('2025-01-01T00:05:00Z'),
      });
      expect(await songs.findById(3)).toMatchObject({ title: null, drums: false, instruments: [40] });
      expect(await songs.findById(999)).toBeUndefined();
    });

    it("lists a song's instruments in program order with their notes", async () => {
      expect(await songs.instrumentNotes(5)).toEqual([
        { instrument: 0, notes: 10 },
        { instrument: 33, notes: 20 },
        { instrument: 40, notes: 30 },
        { instrument: 128, notes: 40 },
      ]);
      expect(await songs.instrumentNotes(9)).toEqual([]);
    });

    it('reads the songs of the ids given, skipping unknown ones', async () => {
      expect(ids(await songs.findByIds([6, 2, 999])).sort()).toEqual([2, 6]);
      expect(await songs.findByIds([])).toEqual([]);
    });

    it('ranks similar songs by Jaccard score, then shared count, then id', async () => {
      // Song 1 is {0, 33}: 4 and 7 tie at 2/3; 8 (2 of 6) ties 2 (1 of 3) on score and wins on shared count.
      expect(await songs.similarBySql(1, 10, 1)).toEqual([
        { id: '4', shared: [0, 33], shared_count: 2, score: 0.6666666666666666 },
        { id: '7', shared: [0, 33], shared_count: 2, score: 0.6666666666666666 },
        { id: '5', shared: [0, 33], shared_count: 2, score: 0.5 },
        { id: '8', shared: [0, 33], shared_count: 2, score: 0.3333333333333333 },
        { id: '2', shared: [0], shared_count: 1, score: 0.3333333333333333 },
      ]);
    });

    it('cuts similar songs at the limit and at the minimum shared count', async () => {
      expect(ids(await songs.similarBySql(1, 2, 1))).toEqual([4, 7]);
      expect(ids(await songs.similarBySql(1, 10, 2))).toEqual([4, 7, 5, 8]);
      expect(await songs.similarBySql(1, 10, 3)).toEqual([]);
      expect(ids(await songs.similarBySql(3, 10, 1))).toEqual([5, 8]);
    });

    it('finds nothing similar to a song without instruments or an unknown one', async () => {
      expect(await songs.similarBySql(9, 10, 0)).toEqual([]);
      expect(await songs.similarBySql(999, 10, 1)).toEqual([]);
    });

    it('reads every song on the first load and only those extracted strictly after a moment later', async () => {
      const before = Date.now();
      const first = await songs.changedSince(null);
      expect(ids(first.rows)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(first.readAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(first.readAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);

      const changed = await songs.changedSince(new Date('2025-01-01T00:05:00Z'));
      expect(changed.rows).toEqual([
        { id: '6', object_key: 'jazz/solo.mid', title: 'Solo 1000', drums: false, instruments: [73] },
        { id: '7', object_key: 'jazz/blue-train.mid', title: 'Blue Train', drums: true, instruments: [0, 33, 128] },
        {
          id: '8',
          object_key: 'jazz/big-band.mid',
          title: 'Big Band',
          drums: true,
          instruments: [0, 33, 40, 41, 42, 128],
        },
        { id: '9', object_key: 'raw/silence.mid', title: 'Silence', drums: false, instruments: [] },
      ]);
      expect((await songs.changedSince(new Date('2025-01-01T00:09:00Z'))).rows).toEqual([]);
    });

    it('lists every id and counts the songs', async () => {
      expect((await songs.allIds()).map(Number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await songs.count()).toBe(9);
    });
  });
});
