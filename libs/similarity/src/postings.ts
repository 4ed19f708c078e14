import { INSTRUMENT_COUNT } from './instrument-set';
import { PostingList } from './posting-list';
import { commonSignature, FIRST_COMMON_RANK, rareSignature } from './rarity-order';

/**
 * Inverted lists of sets keyed by (instrument, set size, position of the instrument in the set's
 * rarest-first order). The keys are what the search's bounds are about: the size bounds the score,
 * and a set is only worth reading under the instruments near the front of its order (prefix filter),
 * so the search picks whole lists rather than filtering entries one by one.
 */
export class Postings {
  /** lists[instrument][size][position], created on first use. */
  readonly lists: (PostingList | undefined)[][][] = Array.from({ length: INSTRUMENT_COUNT }, () => []);
  /** The largest set size ever indexed: the search's upper bound on sizes. */
  maxSize = 0;

  constructor(private readonly ranks: Uint8Array) {}

  /** Files a set under each of its instruments, given rarest first (in this index's ranks). */
  add(slot: number, ranked: readonly number[]): void {
    const size = ranked.length;
    if (size > this.maxSize) this.maxSize = size;
    const common = commonSignature(ranked, this.ranks);
    const rareBits = rareSignature(ranked, this.ranks);
    let rare = 0;
    while (rare < size && this.ranks[ranked[rare]] < FIRST_COMMON_RANK) rare++;
    for (let position = 0; position < size; position++) {
      const bySize = this.lists[ranked[position]];
      const byPosition = (bySize[size] ??= []);
      (byPosition[position] ??= new PostingList()).push(slot, common, rareBits, rare);
    }
  }

  remove(slot: number, ranked: readonly number[]): void {
    const size = ranked.length;
    for (let position = 0; position < size; position++) {
      this.lists[ranked[position]][size]?.[position]?.remove(slot);
    }
  }
}
