import type { IndexFigures } from './index-size';

export interface IndexAt {
  readonly songs: number;
  readonly distinctSets: number;
  /** At most this: bytes per song as at the largest size, which fall as songs share more sets. */
  readonly indexBytesAtMost: number;
  readonly cardBytes: number;
  readonly loadRowBytes: number;
  readonly buildSeconds: number;
}

/**
 * The index at `songs`, from the two largest measured sizes: distinct sets grow as a power of the
 * catalog (the exponent through those two points); memory and build time in proportion to the songs
 * as at the largest size. Undefined with fewer than two sizes.
 */
export function extrapolateIndex(measured: readonly IndexFigures[], songs: number): IndexAt | undefined {
  if (measured.length < 2) return undefined;
  const [small, large] = [...measured].sort((a, b) => a.songs - b.songs).slice(-2);
  const setsExponent = Math.log(large.distinctSets / small.distinctSets) / Math.log(large.songs / small.songs);
  const ratio = songs / large.songs;
  return {
    songs,
    distinctSets: large.distinctSets * ratio ** setsExponent,
    indexBytesAtMost: large.indexBytesPerSong * songs,
    cardBytes: large.cardBytesPerSong * songs,
    loadRowBytes: large.rowBytesPerSong * songs,
    buildSeconds: large.buildSeconds * ratio,
  };
}
