import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DRUM_KIT } from './instrument-set';
import { SimilarityIndex } from './similarity-index';
import { bruteForceSimilar, bruteForceSimilarToSet } from './testing/brute-force';

/*
 * The index against the brute-force definition on random catalogs. The instrument universes are chosen
 * to stress what the index does beyond a scan: tiny universes make equal scores and shared sets the
 * rule (tie-breaking, grouping by set), large ones put more than 32 instruments outside the common
 * signature (rare signatures and their bit collisions), and long edit histories cross the re-ranking
 * thresholds with songs moving between sets and sets emptying.
 */
const universe = fc.oneof(
  fc.constant<number[]>([0, 1, 2, DRUM_KIT]),
  fc.uniqueArray(fc.integer({ min: 0, max: DRUM_KIT }), { minLength: 1, maxLength: 10 }),
  fc.uniqueArray(fc.integer({ min: 0, max: DRUM_KIT }), { minLength: 33, maxLength: 129 }),
);

const options = fc.record({ limit: fc.integer({ min: 1, max: 100 }), minShared: fc.integer({ min: 1, max: 4 }) });

type Edit = { kind: 'upsert'; id: number; instruments: number[] } | { kind: 'remove'; id: number };

const scenario = universe.chain((instruments) => {
  const set = fc.subarray(instruments, { maxLength: Math.min(12, instruments.length) });
  const id = fc.integer({ min: 1, max: 400 });
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('upsert' as const), id, instruments: set }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id }) },
  );
  return fc.record({
    // Short histories shrink well; long ones cross the re-ranking thresholds (64, 128, 256 sets).
    edits: fc.oneof(
      fc.array(edit, { minLength: 1, maxLength: 30 }),
      fc.array(edit, { minLength: 150, maxLength: 600 }),
    ),
    queries: fc.array(fc.tuple(fc.nat(), options), { minLength: 1, maxLength: 15 }),
    setQueries: fc.array(fc.tuple(set, options, fc.option(id, { nil: undefined })), { maxLength: 5 }),
  });
});

function replay(edits: readonly Edit[]): { index: SimilarityIndex; catalog: Map<number, number[]> } {
  const index = new SimilarityIndex();
  const catalog = new Map<number, number[]>();
  for (const edit of edits) {
    if (edit.kind === 'upsert') {
      index.upsert(edit.id, edit.instruments);
      catalog.set(edit.id, edit.instruments);
    } else {
      expect(index.remove(edit.id)).toBe(catalog.delete(edit.id));
    }
  }
  return { index, catalog };
}

const songsOf = (catalog: Map<number, number[]>) => [...catalog].map(([id, instruments]) => ({ id, instruments }));

describe('SimilarityIndex against the brute force', () => {
  it('answers similar() exactly after any sequence of upserts and removals', () => {
    fc.assert(
      fc.property(scenario, ({ edits, queries }) => {
        const { index, catalog } = replay(edits);
        const songs = songsOf(catalog);
        expect(index.size).toBe(catalog.size);
        for (const [pick, query] of queries) {
          const id = songs.length > 0 ? songs[pick % songs.length].id : 1;
          expect(index.similar(id, query)).toEqual(bruteForceSimilar(songs, id, query));
        }
        expect(index.similar(1_000, { limit: 5 })).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('answers similarToSet() exactly, with or without an excluded song', () => {
    fc.assert(
      fc.property(scenario, ({ edits, setQueries }) => {
        const { index, catalog } = replay(edits);
        const songs = songsOf(catalog);
        for (const [set, query, excludeId] of setQueries) {
          const full = { ...query, excludeId };
          expect(index.similarToSet(set, full)).toEqual(bruteForceSimilarToSet(songs, set, full));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('builds the same index in bulk as song by song', () => {
    fc.assert(
      fc.property(scenario, ({ edits, queries }) => {
        const { index, catalog } = replay(edits);
        const songs = songsOf(catalog);
        const bulk = SimilarityIndex.from(songs);
        expect(bulk.distinctSets).toBe(index.distinctSets);
        for (const [pick, query] of queries) {
          const id = songs.length > 0 ? songs[pick % songs.length].id : 1;
          expect(bulk.similar(id, query)).toEqual(index.similar(id, query));
          expect(bulk.instrumentsOf(id)).toEqual(index.instrumentsOf(id));
        }
      }),
      { numRuns: 100 },
    );
  });
});
