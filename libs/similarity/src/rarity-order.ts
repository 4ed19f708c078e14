import { INSTRUMENT_COUNT } from './instrument-set';

/*
 * The instrument order behind the search's bounds. A set is filed under each instrument at that
 * instrument's position in the set's rarest-first order, and the bounds only let the search read the
 * lists near the front of both orders (prefix filtering): with rare instruments first, those lists are
 * short. Any fixed order gives exact answers; rarity only makes them fast.
 */

/**
 * Before any statistics: programs in number order, the drum kit last, since it is the most common
 * instrument by far (about two thirds of songs).
 */
export function initialRanks(): Uint8Array {
  return Uint8Array.from({ length: INSTRUMENT_COUNT }, (_, instrument) => instrument);
}

/** rank[instrument]: 0 for the instrument in the fewest sets; ties by instrument number. */
export function ranksByRarity(setsWith: Int32Array): Uint8Array {
  const order = Array.from({ length: INSTRUMENT_COUNT }, (_, instrument) => instrument);
  order.sort((a, z) => setsWith[a] - setsWith[z] || a - z);
  const ranks = new Uint8Array(INSTRUMENT_COUNT);
  order.forEach((instrument, rank) => (ranks[instrument] = rank));
  return ranks;
}

/** The instruments rarest first. */
export function inRankOrder(instruments: readonly number[], ranks: Uint8Array): number[] {
  // Insertion sort: sets are a handful of instruments, and this runs once per query and per indexed set.
  const ranked = instruments.slice();
  for (let i = 1; i < ranked.length; i++) {
    const instrument = ranked[i];
    let at = i;
    while (at > 0 && ranks[ranked[at - 1]] > ranks[instrument]) {
      ranked[at] = ranked[at - 1];
      at--;
    }
    ranked[at] = instrument;
  }
  return ranked;
}

/**
 * How many of the most common instruments get a bit of their own in a set's signature word. With the
 * catalog's skew these 32 hold most of every set, so the signatures usually give a set's exact overlap
 * with a query, and otherwise a tight bound on it, without reading the set's full mask.
 */
export const COMMON_INSTRUMENTS = 32;
/** The first rank in the common signature: rank − FIRST_COMMON_RANK is the instrument's bit. */
export const FIRST_COMMON_RANK = INSTRUMENT_COUNT - COMMON_INSTRUMENTS;

/** The set's common instruments, one bit each. */
export function commonSignature(instruments: readonly number[], ranks: Uint8Array): number {
  let signature = 0;
  for (const instrument of instruments) {
    const rank = ranks[instrument];
    if (rank >= FIRST_COMMON_RANK) signature |= 1 << (rank - FIRST_COMMON_RANK);
  }
  return signature;
}

/**
 * The set's rare instruments folded into one word (bit rank mod 32), a Bloom-style summary: a bit
 * shared by two signatures may be a collision, one missing from either proves the instrument is not
 * shared. The rare instruments actually used sit mostly just below the common ones, so collisions are
 * few.
 */
export function rareSignature(instruments: readonly number[], ranks: Uint8Array): number {
  let signature = 0;
  for (const instrument of instruments) {
    const rank = ranks[instrument];
    if (rank < FIRST_COMMON_RANK) signature |= 1 << (rank & 31);
  }
  return signature;
}
