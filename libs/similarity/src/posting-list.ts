/** Set slots must fit the 23 bits an entry gives them: 8 million distinct instrument sets. */
export const MAX_SLOTS = 1 << 23;

/**
 * One posting list: the sets filed under an (instrument, size, position) key. An entry is three Int32
 * words, enough for the search to reject nearly every set without reading anything else:
 * - the set's common-instrument signature (`commonSignature`);
 * - its rare-instrument signature (`rareSignature`);
 * - `slot << 8 | rare`, rare being how many of its instruments are not common.
 * Twelve bytes rather than the full 20-byte mask: the scan is bound by memory as much as by arithmetic.
 */
export const ENTRY_WORDS = 3;

export class PostingList {
  items = new Int32Array(ENTRY_WORDS * 2);
  /** Entries (not words). */
  length = 0;

  push(slot: number, common: number, rareSignature: number, rare: number): void {
    const at = this.length * ENTRY_WORDS;
    if (at === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[at] = common;
    this.items[at + 1] = rareSignature;
    this.items[at + 2] = (slot << 8) | rare;
    this.length++;
  }

  /** Removes the slot's entry by moving the last entry into its place: order does not matter to the search. */
  remove(slot: number): boolean {
    const items = this.items;
    for (let entry = this.length - 1; entry >= 0; entry--) {
      const at = entry * ENTRY_WORDS;
      if (items[at + 2] >>> 8 === slot) {
        const last = --this.length * ENTRY_WORDS;
        items.copyWithin(at, last, last + ENTRY_WORDS);
        return true;
      }
    }
    return false;
  }
}
