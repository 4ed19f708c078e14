export { SimilarityIndex } from './similarity-index';
export type { SongInstruments, SimilarityQuery, SetSimilarityQuery, SimilarSong } from './types';
export {
  DRUM_KIT,
  INSTRUMENT_COUNT,
  MASK_WORDS,
  normalizeInstruments,
  toMask,
  maskInstruments,
  maskSize,
  popcount32,
  intersection,
  intersectionSize,
  jaccard,
} from './instrument-set';
export type { InstrumentMask } from './instrument-set';
export { compareScores, displayScore } from './score';
export { bruteForceSimilar, bruteForceSimilarToSet } from './testing/brute-force';
