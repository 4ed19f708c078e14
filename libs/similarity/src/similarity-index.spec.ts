import { describe, expect, it } from 'vitest';
import { DRUM_KIT } from './instrument-set';
import { SimilarityIndex } from './similarity-index';
import { bruteForceSimilar } from './testing/brute-force';

const ids = (songs: { id: number }[] | undefined) => songs?.map((song) => song.id);

describe('SimilarityIndex bookkeeping', () => {
  it('inserts, replaces and removes songs', () => {
    const index = new SimilarityIndex();
    index.upsert(7, [DRUM_KIT, 0, 33]);
    expect(index.size).toBe(1);
    expect(index.has(7)).toBe(true);
    expect(index.instrumentsOf(7)).toEqual([0, 33, DRUM_KIT]);

    index.upsert(7, [40]);
    expect(index.size).toBe(1);
    expect(index.instrumentsOf(7)).toEqual([40]);
    expect(index.distinctSets).toBe(1);

    expect(index.remove(7)).toBe(true);
    expect(index.remove(7)).toBe(false);
    expect(index.size).toBe(0);
    expect(index.has(7)).toBe(false);
    expect(index.instrumentsOf(7)).toBeUndefined();
    expect(index.distinctSets).toBe(0);
  });

  it('groups songs with the same set and frees a set with its last song', () => {
    const index = SimilarityIndex.from([
      { id: 1, instruments: [0, 128] },
      { id: 2, instruments: [128, 0] },
      { id: 3, instruments: [0] },
    ]);
    expect(index.distinctSets).toBe(2);
    index.remove(1);
    expect(index.distinctSets).toBe(2);
    index.remove(2);
    expect(index.distinctSets).toBe(1);
    expect(ids(index.similar(3, { limit: 5 }))).toEqual([]);
  });

  it('hands out instrument sets the caller cannot change', () => {
    const index = new SimilarityIndex();
    const instruments = [1, 2];
    index.upsert(1, instruments);
    instruments.push(3);
    expect(index.instrumentsOf(1)).toEqual([1, 2]);
    expect(Object.isFrozen(index.instrumentsOf(1))).toBe(true);
  });

  it('refuses bad ids, instruments and options', () => {
    const index = SimilarityIndex.from([{ id: 1, instruments: [1] }]);
    expect(() => index.upsert(0, [1])).toThrow(RangeError);
    expect(() => index.upsert(1.5, [1])).toThrow(RangeError);
    expect(() => index.upsert(2, [129])).toThrow(RangeError);
    expect(() => index.similar(1, { limit: 0 })).toThrow(RangeError);
    expect(() => index.similar(1, { limit: 2.5 })).toThrow(RangeError);
    expect(() => index.similar(1, { limit: 5, minShared: 0 })).toThrow(RangeError);
    expect(() => index.similarToSet([1], { limit: -1 })).toThrow(RangeError);
  });
});

describe('SimilarityIndex.similar', () => {
  it('is undefined for an unknown song, but still refuses bad options', () => {
    expect(new SimilarityIndex().similar(1, { limit: 10 })).toBeUndefined();
    expect(() => new SimilarityIndex().similar(1, { limit: 0 })).toThrow(RangeError);
  });

  it('puts songs with the same set first, by id, and leaves the song itself out', () => {
    const index = SimilarityIndex.from([
      { id: 30, instruments: [0, 33, DRUM_KIT] },
      { id: 10, instruments: [0, 33, DRUM_KIT] },
      { id: 20, instruments: [0, 33, DRUM_KIT] },
      { id: 5, instruments: [0, 33] },
    ]);
    expect(index.similar(20, { limit: 10 })).toEqual([
      { id: 10, score: 1, shared: [0, 33, DRUM_KIT], sharedCount: 3 },
      { id: 30, score: 1, shared: [0, 33, DRUM_KIT], sharedCount: 3 },
      { id: 5, score: 0.666667, shared: [0, 33], sharedCount: 2 },
    ]);
  });

  it('breaks equal scores by shared count, then by id', () => {
    // Query {1,2,3,4}: {1,2} and {1,2,3,4,5,6,7,8} both score 1/2 (2/4 and 4/8); the second shares more.
    // {1,3,9} and {2,4,10} both score 2/5 with 2 shared: smaller id first.
    const index = SimilarityIndex.from([
      { id: 1, instruments: [1, 2, 3, 4] },
      { id: 2, instruments: [1, 2] },
      { id: 3, instruments: [1, 2, 3, 4, 5, 6, 7, 8] },
      { id: 9, instruments: [2, 4, 10] },
      { id: 4, instruments: [1, 3, 9] },
      { id: 8, instruments: [4] },
    ]);
    expect(index.similar(1, { limit: 10 })).toEqual([
      { id: 3, score: 0.5, shared: [1, 2, 3, 4], sharedCount: 4 },
      { id: 2, score: 0.5, shared: [1, 2], sharedCount: 2 },
      { id: 4, score: 0.4, shared: [1, 3], sharedCount: 2 },
      { id: 9, score: 0.4, shared: [2, 4], sharedCount: 2 },
      { id: 8, score: 0.25, shared: [4], sharedCount: 1 },
    ]);
    expect(ids(index.similar(1, { limit: 3 }))).toEqual([3, 2, 4]);
  });

  it('cuts a tie between sets by id, across sets', () => {
    // Every other song scores 1/2 against {7}, sharing 1: the answer is the smallest ids.
    const index = SimilarityIndex.from([
      { id: 50, instruments: [7] },
      { id: 41, instruments: [7, 1] },
      { id: 12, instruments: [7, 2] },
      { id: 33, instruments: [7, 1] },
      { id: 14, instruments: [7, 3] },
      { id: 25, instruments: [7, 2] },
    ]);
    expect(ids(index.similar(50, { limit: 3 }))).toEqual([12, 14, 25]);
  });

  it('counts the drum kit as one instrument', () => {
    const index = SimilarityIndex.from([
      { id: 1, instruments: [DRUM_KIT] },
      { id: 2, instruments: [0, DRUM_KIT] },
      { id: 3, instruments: [0] },
    ]);
    expect(index.similar(1, { limit: 5 })).toEqual([{ id: 2, score: 0.5, shared: [DRUM_KIT], sharedCount: 1 }]);
  });

  it('keeps only songs sharing at least minShared instruments', () => {
    const index = SimilarityIndex.from([
      { id: 1, instruments: [1, 2, 3] },
      { id: 2, instruments: [1] },
      { id: 3, instruments: [1, 2, 5, 6, 7, 8] },
      { id: 4, instruments: [1, 2, 3, 4] },
    ]);
    expect(ids(index.similar(1, { limit: 10, minShared: 1 }))).toEqual([4, 2, 3]);
    expect(ids(index.similar(1, { limit: 10, minShared: 2 }))).toEqual([4, 3]);
    expect(ids(index.similar(1, { limit: 10, minShared: 3 }))).toEqual([4]);
    expect(ids(index.similar(1, { limit: 10, minShared: 4 }))).toEqual([]);
  });

  it('never pairs songs without instruments', () => {
    const index = SimilarityIndex.from([
      { id: 1, instruments: [] },
      { id: 2, instruments: [] },
      { id: 3, instruments: [5] },
    ]);
    expect(index.has(1)).toBe(true);
    expect(index.instrumentsOf(1)).toEqual([]);
    expect(index.similar(1, { limit: 5 })).toEqual([]);
    expect(index.similar(3, { limit: 5 })).toEqual([]);
  });

  it('returns every match when the limit exceeds the catalog', () => {
    const index = SimilarityIndex.from([
      { id: 1, instruments: [1] },
      { id: 2, instruments: [1, 2] },
    ]);
    expect(ids(index.similar(1, { limit: Number.MAX_SAFE_INTEGER }))).toEqual([2]);
  });

  it('sees upserts and removals at once', () => {
    const index = new SimilarityIndex();
    index.upsert(1, [1, 2]);
    index.upsert(2, [1, 2]);
    expect(ids(index.similar(1, { limit: 5 }))).toEqual([2]);
    index.upsert(2, [3]);
    expect(ids(index.similar(1, { limit: 5 }))).toEqual([]);
    index.upsert(3, [2]);
    expect(ids(index.similar(1, { limit: 5 }))).toEqual([3]);
    index.remove(3);
    expect(ids(index.similar(1, { limit: 5 }))).toEqual([]);
  });
});

describe('SimilarityIndex.similarToSet', () => {
  const index = SimilarityIndex.from([
    { id: 1, instruments: [0, 33] },
    { id: 2, instruments: [0, 33] },
    { id: 3, instruments: [0] },
  ]);

  it('answers for a set no song has, in any order', () => {
    expect(index.similarToSet([33, 0, 40], { limit: 5 })).toEqual([
      { id: 1, score: 0.666667, shared: [0, 33], sharedCount: 2 },
      { id: 2, score: 0.666667, shared: [0, 33], sharedCount: 2 },
      { id: 3, score: 0.333333, shared: [0], sharedCount: 1 },
    ]);
  });

  it('leaves out excludeId and matches similar() for a song set', () => {
    expect(ids(index.similarToSet([0, 33], { limit: 5, excludeId: 1 }))).toEqual([2, 3]);
    expect(index.similarToSet([0, 33], { limit: 5, excludeId: 1 })).toEqual(index.similar(1, { limit: 5 }));
    expect(ids(index.similarToSet([], { limit: 5 }))).toEqual([]);
  });
});

describe('SimilarityIndex on a catalog shaped like the real one', () => {
  // A few thousand songs drawn like the demo corpus: skewed families, two thirds with drums. Enough
  // distinct sets for the rarity re-ranking to run several times and for both the common and the
  // rare instrument signatures (and their collisions) to matter.
  function catalog(seed: number, count: number) {
    let state = seed;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const weights = [30, 6, 8, 22, 26, 18, 14, 10, 9, 8, 7, 6, 3, 2, 2, 1];
    const total = weights.reduce((a, b) => a + b, 0);
    const family = () => {
      let pick = random() * total;
      for (let i = 0; i < weights.length; i++) if ((pick -= weights[i]) < 0) return i;
      return weights.length - 1;
    };
    return Array.from({ length: count }, (_, i) => {
      const set = new Set<number>();
      if (random() < 0.65) set.add(DRUM_KIT);
      const size = 1 + Math.floor(random() ** 1.5 * 12);
      while (set.size < size) set.add(family() * 8 + Math.floor(random() ** 2 * 8));
      return { id: 1 + i * 3, instruments: [...set] };
    });
  }

  it('agrees with the brute force, built at once or song by song', () => {
    const songs = catalog(17, 3000);
    const bulk = SimilarityIndex.from(songs);
    const incremental = new SimilarityIndex();
    for (const { id, instruments } of songs) incremental.upsert(id, instruments);
    for (let q = 0; q < 150; q++) {
      const { id } = songs[(q * 7919) % songs.length];
      const options = { limit: 1 + ((q * 37) % 100), minShared: 1 + (q % 4) };
      const expected = bruteForceSimilar(songs, id, options);
      expect(bulk.similar(id, options)).toEqual(expected);
      expect(incremental.similar(id, options)).toEqual(expected);
    }
  });
});
