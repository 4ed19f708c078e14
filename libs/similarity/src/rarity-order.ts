import { INSTRUMENT_COUNT } from './instrument-set';

/*
 * The search looks at a query's rarest instruments first and indexes each set under its rarest ones
 * (prefix filtering): a similar set must share one of those, and rare instruments have short lists.
 * Any fixed order gives exact answers; rarity only makes them fast.
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
