/**
 * One posting list: the sets filed under an (instrument, size, position) key, each entry carrying a copy
 * of its set's mask. Scanning a list then reads memory in order and scores each set without a lookup
 * elsewhere, which is most of the search's speed. An entry is ENTRY_WORDS Int32 words: the mask words of
 * programs 0–127, then `slot << 1 | drum kit bit`.
 */
export const ENTRY_WORDS = 5;

export class PostingList {
  items = new Int32Array(ENTRY_WORDS * 2);
  /** Entries (not words). */
  length = 0;

  /** `mask` holds the set's five mask words from `offset` (the fifth is the drum kit bit alone). */
  push(slot: number, mask: Uint32Array, offset: number): void {
    let at = this.length * ENTRY_WORDS;
    if (at === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[at++] = mask[offset];
    this.items[at++] = mask[offset + 1];
    this.items[at++] = mask[offset + 2];
    this.items[at++] = mask[offset + 3];
    this.items[at] = (slot << 1) | (mask[offset + 4] & 1);
    this.length++;
  }

  /** Removes the slot's entry by moving the last entry into its place: order does not matter to the search. */
  remove(slot: number): boolean {
    const items = this.items;
    for (let entry = this.length - 1; entry >= 0; entry--) {
      const at = entry * ENTRY_WORDS;
      if (items[at + 4] >>> 1 === slot) {
        const last = --this.length * ENTRY_WORDS;
        items.copyWithin(at, last, last + ENTRY_WORDS);
        return true;
      }
    }
    return false;
  }
}
