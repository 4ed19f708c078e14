import type { DistinctSets } from './distinct-sets';
import { compareScores } from './score';

/**
 * The best `limit` songs seen so far, as a binary heap with the worst on top, so that the search's
 * threshold (the k-th song's score) is one read away and a better song replaces it in O(log k).
 * Entries are (song id, set slot, shared count, union size); typed arrays keep them unboxed, and the
 * index reuses one heap for all its searches (they are synchronous) to spare the allocations.
 */
export class TopSongs {
  ids = new Float64Array(0);
  slots = new Int32Array(0);
  shared = new Int32Array(0);
  unions = new Int32Array(0);
  length = 0;
  limit = 0;

  /** Empties the heap for a search keeping `limit` songs. */
  reset(limit: number): void {
    if (limit > this.ids.length) {
      this.ids = new Float64Array(limit);
      this.slots = new Int32Array(limit);
      this.shared = new Int32Array(limit);
      this.unions = new Int32Array(limit);
    }
    this.limit = limit;
    this.length = 0;
  }

  get full(): boolean {
    return this.length === this.limit;
  }

  /**
   * Offers a set's songs (ids ascending, all with the same score). They come in rank order, so the
   * first one refused ends the offer: at most `limit` + 1 songs of a large set are looked at.
   */
  offerSet(slot: number, shared: number, union: number, sets: DistinctSets, excludeId: number | undefined): void {
    const first = sets.firstSong[slot];
    if (first !== excludeId && !this.offer(first, slot, shared, union)) return;
    const count = sets.songCount[slot];
    if (count === 1) return;
    const songs = sets.songs[slot];
    for (let i = 1; i < count; i++) {
      const id = songs[i];
      if (id !== excludeId && !this.offer(id, slot, shared, union)) return;
    }
  }

  /** Adds the song if it ranks before the current worst (or there is room); false if refused. */
  offer(id: number, slot: number, shared: number, union: number): boolean {
    if (this.length < this.limit) {
      let at = this.length++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (this.after(parent, shared, union, id)) break;
        this.move(parent, at);
        at = parent;
      }
      this.place(at, id, slot, shared, union);
      return true;
    }
    if (!this.after(0, shared, union, id)) return false;
    let at = 0;
    for (;;) {
      let worst = at;
      let worstShared = shared;
      let worstUnion = union;
      let worstId = id;
      for (let child = 2 * at + 1; child <= 2 * at + 2 && child < this.length; child++) {
        if (ranksAfter(this.shared[child], this.unions[child], this.ids[child], worstShared, worstUnion, worstId)) {
          worst = child;
          worstShared = this.shared[child];
          worstUnion = this.unions[child];
          worstId = this.ids[child];
        }
      }
      if (worst === at) break;
      this.move(worst, at);
      at = worst;
    }
    this.place(at, id, slot, shared, union);
    return true;
  }

  /** Entry indexes in the catalog's order: score descending, shared count descending, id ascending. */
  ranked(): number[] {
    const order = Array.from({ length: this.length }, (_, i) => i);
    return order.sort((x, y) =>
      ranksAfter(this.shared[x], this.unions[x], this.ids[x], this.shared[y], this.unions[y], this.ids[y]) ? 1 : -1,
    );
  }

  /** Whether entry `at` ranks after the song (shared, union, id). */
  private after(at: number, shared: number, union: number, id: number): boolean {
    return ranksAfter(this.shared[at], this.unions[at], this.ids[at], shared, union, id);
  }

  private move(from: number, to: number): void {
    this.place(to, this.ids[from], this.slots[from], this.shared[from], this.unions[from]);
  }

  private place(at: number, id: number, slot: number, shared: number, union: number): void {
    this.ids[at] = id;
    this.slots[at] = slot;
    this.shared[at] = shared;
    this.unions[at] = union;
  }
}

/** Whether song A comes after song B: lower score, or equal score and fewer shared, or both equal and larger id. */
export function ranksAfter(
  sharedA: number,
  unionA: number,
  idA: number,
  sharedB: number,
  unionB: number,
  idB: number,
): boolean {
  const versus = compareScores(sharedA, unionA, sharedB, unionB);
  if (versus !== 0) return versus < 0;
  if (sharedA !== sharedB) return sharedA < sharedB;
  return idA > idB;
}
