/** A catalog song as the index needs it: its id and its instrument set (programs 0–127, drum kit 128). */
export interface SongInstruments {
  readonly id: number;
  readonly instruments: readonly number[];
}

export interface SimilarityQuery {
  /** How many songs to return at most (a positive integer). */
  readonly limit: number;
  /** Only songs sharing at least this many instruments with the query (a positive integer, default 1). */
  readonly minShared?: number;
}

export interface SetSimilarityQuery extends SimilarityQuery {
  /** A song to leave out of the answer, typically the one the set belongs to. */
  readonly excludeId?: number;
}

export interface SimilarSong {
  readonly id: number;
  /** Jaccard similarity shared/union, rounded to 6 decimals. Results are ordered by the exact fraction. */
  readonly score: number;
  /** The instruments both songs have, ascending. */
  readonly shared: number[];
  readonly sharedCount: number;
}
