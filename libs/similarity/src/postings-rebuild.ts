import type { DistinctSets } from './distinct-sets';
import { Postings } from './postings';
import { inRankOrder, ranksByRarity } from './rarity-order';

/**
 * New posting lists in the current rarity order, filled a slice of slots at a time while the old ones
 * keep answering. Changes made meanwhile go to both: a slot the rebuild has already passed is updated
 * here too, one it has not reached will be read as it is when reached. When `step` returns true the
 * new lists hold every live set exactly once and can replace the old ones in one assignment.
 */
export class PostingsRebuild {
  readonly ranks: Uint8Array;
  readonly postings: Postings;
  private nextSlot = 0;

  constructor(private readonly sets: DistinctSets) {
    this.ranks = ranksByRarity(sets.setsWith);
    this.postings = new Postings(this.ranks);
  }

  /** Files up to `slots` more slots; true once every slot has been passed. */
  step(slots: number): boolean {
    const { sets } = this;
    const end = Math.min(sets.songs.length, this.nextSlot + slots);
    for (let slot = this.nextSlot; slot < end; slot++) {
      if (sets.songs[slot].length > 0) this.postings.add(slot, inRankOrder(sets.instruments[slot], this.ranks));
    }
    this.nextSlot = end;
    return end >= sets.songs.length;
  }

  /** A set was created in `slot` (possibly a reused one). */
  added(slot: number, instruments: readonly number[]): void {
    if (slot < this.nextSlot) this.postings.add(slot, inRankOrder(instruments, this.ranks));
  }

  /** The set in `slot` lost its last song; called before the slot is freed. */
  removed(slot: number, instruments: readonly number[]): void {
    if (slot < this.nextSlot) this.postings.remove(slot, inRankOrder(instruments, this.ranks));
  }
}
