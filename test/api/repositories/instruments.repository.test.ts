import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { InstrumentsRepository } from '../../../apps/api/src/instruments/instruments.repository';
import { freshCatalog, insertSongs, type SeedSong } from '../../support/repository-databases';

// Song i of this list gets id i + 1. Instruments are [program, notes]; 128 is the drum kit.
const SONGS: SeedSong[] = [
  {
    key: 'a.mid',
    title: 'Piano and Strings',
    instruments: [
      [0, 10],
      [40, 5],
    ],
    extractedAt: '2025-02-01T00:00:00Z',
  }, // 1
  {
    key: 'b.mid',
    title: 'Strings and Drums',
    instruments: [
      [40, 7],
      [128, 3],
    ],
    extractedAt: '2025-02-02T00:00:00Z',
  }, // 2
  { key: 'c.mid', title: 'Piano', instruments: [[0, 1]] }, // 3
  { key: 'd.mid', title: null, instruments: [[40, 2]] }, // 4
  { key: 'e.mid', title: 'Nothing', instruments: [] }, // 5
];

const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((row) => Number(row.id));

describe('InstrumentsRepository', () => {
  let dataSource: DataSource;
  let instruments: InstrumentsRepository;

  beforeAll(async () => {
    dataSource = await freshCatalog();
    instruments = new InstrumentsRepository(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it('counts no instrument and finds no song in an empty catalog', async () => {
    expect(await instruments.songCounts()).toEqual(new Map());
    expect(await instruments.songsUsing(0, 0, 10)).toEqual([]);
  });

  describe('on five known songs', () => {
    beforeAll(() => insertSongs(dataSource, SONGS));

    it('counts the songs using each instrument, leaving out instruments nobody plays', async () => {
      expect(await instruments.songCounts()).toEqual(
        new Map([
          [0, 2],
          [40, 3],
          [128, 1],
        ]),
      );
    });

    it('lists the songs using an instrument by id, with every column of a song', async () => {
      expect(ids(await instruments.songsUsing(40, 0, 10))).toEqual([1, 2, 4]);
      expect(await instruments.songsUsing(128, 0, 10)).toEqual([
        {
          id: '2',
          bucket: 'midi',
          object_key: 'b.mid',
          title: 'Strings and Drums',
          format: 1,
          tracks: 3,
          duration_seconds: 95.5,
          notes: 10,
          drums: true,
          instruments: [40, 128],
          extracted_at: new Date('2025-02-02T00:00:00Z'),
        },
      ]);
    });

    it('pages the songs of an instrument after the cursor up to the limit, then ends', async () => {
      expect(ids(await instruments.songsUsing(40, 0, 2))).toEqual([1, 2]);
      expect(ids(await instruments.songsUsing(40, 2, 2))).toEqual([4]);
      expect(ids(await instruments.songsUsing(40, 4, 2))).toEqual([]);
      expect(ids(await instruments.songsUsing(40, 0, 0))).toEqual([]);
    });

    it('finds no song for an instrument nobody plays', async () => {
      expect(await instruments.songsUsing(99, 0, 10)).toEqual([]);
    });
  });
});
