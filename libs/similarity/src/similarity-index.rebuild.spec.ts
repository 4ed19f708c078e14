import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DRUM_KIT } from './instrument-set';
import { SimilarityIndex } from './similarity-index';
import { bruteForceSimilar, bruteForceSimilarToSet } from './testing/brute-force';
import type { SongInstruments } from './types';

/**
 * Song i holds the drum kit, (i mod 7), 10 + (i mod 5) and 40 + (i mod 11): 0–6 rarer than 10–14, and
 * sets of one or two songs, so that removals free slots and new sets reuse them.
 */
function skewedCatalog(count: number): SongInstruments[] {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, instruments: setOf(i + 1) }));
}

const setOf = (id: number) => [DRUM_KIT, id % 7, 10 + (id % 5), 40 + (id % 11)];

/** Another shape: the instruments the index ranked rare become common, and the common ones go. */
function shifted(song: SongInstruments): SongInstruments {
  return { id: song.id, instruments: [DRUM_KIT, 30 + (song.id % 2), 20 + (song.id % 7), 50 + (song.id % 13)] };
}

function expectExact(index: SimilarityIndex, catalog: Map<number, readonly number[]>, ids: Iterable<number>): void {
  const songs = [...catalog].map(([id, instruments]) => ({ id, instruments }));
  for (const id of ids) {
    expect(index.similar(id, { limit: 12 })).toEqual(bruteForceSimilar(songs, id, { limit: 12 }));
  }
}

describe('SimilarityIndex rarity drift and rebuild', () => {
  it('measures no drift when built, drift once upserts shift rarity, and none after a rebuild', async () => {
    const songs = skewedCatalog(600);
    const index = SimilarityIndex.from(songs);
    expect(index.rarityDrift).toBe(0);

    for (const song of songs.slice(0, 500)) index.upsert(song.id, shifted(song).instruments);
    expect(index.rarityDrift).toBeGreaterThan(0.1);

    expect(await index.rebuild({ sliceSets: 3 })).toBe(true);
    expect(index.rarityDrift).toBe(0);
    expect(index.rebuildRunning).toBe(false);
  });

  it('answers exactly before, during and after a rebuild while songs are upserted and removed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ id: fc.integer({ min: 1, max: 700 }), shift: fc.boolean(), remove: fc.constant(false) }),
            fc.record({ id: fc.integer({ min: 1, max: 700 }), shift: fc.constant(false), remove: fc.constant(true) }),
          ),
          { minLength: 1, maxLength: 120 },
        ),
        fc.integer({ min: 1, max: 40 }),
        async (edits, sliceSets) => {
          const songs = skewedCatalog(600);
          const catalog = new Map(songs.map((song) => [song.id, song.instruments]));
          const index = SimilarityIndex.from(songs);
          const queried = [1, 2, 3, 250, 599];
          let at = 0;
          const apply = (count: number) => {
            for (const { id, shift, remove } of edits.slice(at, at + count)) {
              if (remove) {
                index.remove(id);
                catalog.delete(id);
              } else {
                const instruments = shift ? shifted({ id, instruments: [] }).instruments : setOf(id + 1);
                index.upsert(id, instruments);
                catalog.set(id, instruments);
              }
            }
            at += count;
          };
          apply(edits.length >> 1);
          const done = await index.rebuild({
            sliceSets,
            // Between slices: the old lists answer while the new ones are half built, and changes reach both.
            pause: () => {
              apply(3);
              expectExact(index, catalog, queried);
              return Promise.resolve();
            },
          });
          expect(done).toBe(true);
          apply(edits.length);
          expectExact(index, catalog, [...queried, ...edits.map((edit) => edit.id)]);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('carries a set freed and a set created in a slot the rebuild has passed into the new lists', async () => {
    // Every song its own set, so removing one frees its slot and the next new set reuses it.
    const songs = Array.from({ length: 200 }, (_, i) => ({
      id: i + 1,
      instruments: [i % 7, 10 + (i % 29), 60 + (i % 60)],
    }));
    const catalog = new Map(songs.map((song) => [song.id, song.instruments]));
    const index = SimilarityIndex.from(songs);
    let paused = false;
    await index.rebuild({
      sliceSets: 50,
      pause: () => {
        if (!paused) {
          paused = true;
          index.remove(1);
          catalog.delete(1);
          index.upsert(500, [0, 10, 77]);
          catalog.set(500, [0, 10, 77]);
        }
        return Promise.resolve();
      },
    });
    expectExact(index, catalog, [2, 8, 30, 61, 500]);
    // Sets whose best match is the new set (two shared), or was the freed one.
    const songsNow = [...catalog].map(([id, instruments]) => ({ id, instruments }));
    for (const set of [
      [0, 10],
      [10, 60],
      [0, 60, 77],
    ]) {
      expect(index.similarToSet(set, { limit: 5 })).toEqual(bruteForceSimilarToSet(songsNow, set, { limit: 5 }));
    }
  });

  it('gives way to a synchronous reindex started while it runs', async () => {
    const index = SimilarityIndex.from(skewedCatalog(300));
    const rebuilt = index.rebuild({ sliceSets: 1, pause: () => Promise.resolve(index.reindex()) });
    expect(await rebuilt).toBe(false);
    expect(index.rebuildRunning).toBe(false);
    expect(index.similar(1, { limit: 3 })).toEqual(bruteForceSimilar(skewedCatalog(300), 1, { limit: 3 }));
  });
});
