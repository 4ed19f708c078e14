import { describe, expect, it } from 'vitest';
import { bruteForceSimilar, bruteForceSimilarToSet } from './brute-force';

describe('bruteForceSimilar', () => {
  const songs = [
    { id: 1, instruments: [0, 33, 128] },
    { id: 2, instruments: [0, 33, 128] },
    { id: 3, instruments: [0, 33] },
    { id: 4, instruments: [0, 25, 33, 128] },
    { id: 5, instruments: [40] },
    { id: 6, instruments: [] },
  ];

  it('ranks by score, then shared count, then id', () => {
    expect(bruteForceSimilar(songs, 1, { limit: 10 })).toEqual([
      { id: 2, score: 1, shared: [0, 33, 128], sharedCount: 3 },
      { id: 4, score: 0.75, shared: [0, 33, 128], sharedCount: 3 },
      { id: 3, score: 0.666667, shared: [0, 33], sharedCount: 2 },
    ]);
  });

  it('is undefined for an unknown song and honours minShared and limit', () => {
    expect(bruteForceSimilar(songs, 99, { limit: 3 })).toBeUndefined();
    expect(bruteForceSimilar(songs, 3, { limit: 10, minShared: 3 })).toEqual([]);
    expect(bruteForceSimilar(songs, 3, { limit: 1 })?.map((s) => s.id)).toEqual([1]);
    expect(bruteForceSimilarToSet(songs, [40], { limit: 5 }).map((s) => s.id)).toEqual([5]);
  });
});
