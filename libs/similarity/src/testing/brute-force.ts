import type { SetSimilarityQuery, SimilarityQuery, SimilarSong, SongInstruments } from '../types';

/*
 * The definition of "similar songs", written as plainly as possible so tests can hold the index to it:
 * score every other song, filter, sort, cut. It shares no code with the index (no masks, no bounds),
 * so a bug in one is not repeated in the other. Quadratic in spirit; for tests only.
 */

interface Scored {
  readonly id: number;
  readonly shared: number[];
  readonly union: number;
}

/** What `SimilarityIndex.similar` must return; undefined when no song has `queryId`. Later duplicates of an id win, as with upsert. */
export function bruteForceSimilar(
  songs: Iterable<SongInstruments>,
  queryId: number,
  query: SimilarityQuery,
): SimilarSong[] | undefined {
  const catalog = latestById(songs);
  const instruments = catalog.get(queryId);
  if (instruments === undefined) return undefined;
  return rank(catalog, instruments, { ...query, excludeId: queryId });
}

/** What `SimilarityIndex.similarToSet` must return. */
export function bruteForceSimilarToSet(
  songs: Iterable<SongInstruments>,
  instruments: readonly number[],
  query: SetSimilarityQuery,
): SimilarSong[] {
  return rank(latestById(songs), instruments, query);
}

function latestById(songs: Iterable<SongInstruments>): Map<number, readonly number[]> {
  const catalog = new Map<number, readonly number[]>();
  for (const { id, instruments } of songs) catalog.set(id, instruments);
  return catalog;
}

function rank(
  catalog: Map<number, readonly number[]>,
  instruments: readonly number[],
  query: SetSimilarityQuery,
): SimilarSong[] {
  const minShared = query.minShared ?? 1;
  const mine = new Set(instruments);
  const scored: Scored[] = [];
  for (const [id, theirs] of catalog) {
    if (id === query.excludeId) continue;
    const other = new Set(theirs);
    const shared = [...mine].filter((instrument) => other.has(instrument)).sort((a, z) => a - z);
    if (shared.length === 0 || shared.length < minShared) continue;
    scored.push({ id, shared, union: mine.size + other.size - shared.length });
  }
  scored.sort(
    (a, z) => z.shared.length * a.union - a.shared.length * z.union || z.shared.length - a.shared.length || a.id - z.id,
  );
  return scored.slice(0, query.limit).map(({ id, shared, union }) => ({
    id,
    score: Math.round((shared.length / union) * 1e6) / 1e6,
    shared,
    sharedCount: shared.length,
  }));
}
