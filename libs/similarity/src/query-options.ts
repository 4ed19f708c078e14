import type { SetSimilarityQuery } from './types';

export interface CheckedQuery {
  readonly limit: number;
  readonly minShared: number;
  readonly excludeId: number | undefined;
}

/**
 * Refuses limits and minimums the search cannot honour rather than guessing: a fractional or zero limit
 * is a caller's bug (the API validates its query string before it gets here).
 */
export function checkQuery(query: SetSimilarityQuery): CheckedQuery {
  const { limit, minShared = 1, excludeId } = query;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  if (!Number.isSafeInteger(minShared) || minShared < 1) {
    throw new RangeError(`minShared must be a positive integer, got ${minShared}`);
  }
  return { limit, minShared, excludeId };
}

/** Song ids are the catalog's positive bigint ids, all below 2^53. */
export function checkSongId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`song id must be a positive safe integer, got ${id}`);
}
