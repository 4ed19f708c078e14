import { boundOrder } from './bound-order';
import type { DistinctSets } from './distinct-sets';
import { MASK_WORDS } from './instrument-set';
import { POPCOUNT16 } from './popcount';
import { ENTRY_WORDS } from './posting-list';
import type { Postings } from './postings';
import { inRankOrder } from './rarity-order';
import { displayScore } from './score';
import { TopSongs } from './top-songs';
import type { SimilarSong } from './types';

export interface SearchState {
  readonly sets: DistinctSets;
  readonly postings: Postings;
  readonly ranks: Uint8Array;
  /** Songs in the index: the most a search can return, whatever the limit. */
  readonly songCount: number;
}

export interface SearchRequest {
  /** The query set, ascending, without duplicates. */
  readonly instruments: readonly number[];
  /** The slot holding exactly the query set, if the catalog has it: its songs score 1 and seed the threshold. */
  readonly ownSlot: number | undefined;
  readonly limit: number;
  readonly minShared: number;
  readonly excludeId: number | undefined;
}

/**
 * Exact top-k by Jaccard over distinct sets (see the index's comment for the idea).
 *
 * Every set B sharing instruments with the query A is read in exactly one list: the one filed under
 * their rarest common instrument, at its position j in A and p in B. Sets met in other lists are
 * skipped by checking that B holds none of A's instruments rarer than the list's. If B shares i
 * instruments, all at or after that one in both orders, then i ≤ min(a − j, b − p) = m, so B scores
 * at most the list's bound m/(a+b−m). Lists are read by decreasing bound (`boundOrder`) until the bound
 * falls below the k-th best score so far: every set that could still enter the top k has been read.
 * Bounds equal to that score are still read, as their sets can win on shared count or id.
 */
export function searchSimilar(state: SearchState, request: SearchRequest): SimilarSong[] {
  const { sets, postings } = state;
  const { instruments, ownSlot, limit, minShared, excludeId } = request;
  const size0 = instruments.length;
  const capacity = Math.min(limit, state.songCount);
  if (size0 === 0 || minShared > size0 || capacity === 0) return [];

  const songs = sets.songs;
  const ranked = inRankOrder(instruments, state.ranks);
  // rarer[j·5 ..]: the mask of the query's j rarest instruments, the "not met before" test of list j.
  const rarer = new Int32Array((size0 + 1) * MASK_WORDS);
  for (let j = 0; j < size0; j++) {
    const at = (j + 1) * MASK_WORDS;
    rarer.copyWithin(at, at - MASK_WORDS, at);
    rarer[at + (ranked[j] >>> 5)] |= 1 << (ranked[j] & 31);
  }
  const query = size0 * MASK_WORDS;
  const q0 = rarer[query];
  const q1 = rarer[query + 1];
  const q2 = rarer[query + 2];
  const q3 = rarer[query + 3];
  const qDrum = rarer[query + 4] & 1;

  const top = new TopSongs(capacity);
  if (ownSlot !== undefined) top.offerSet(ownSlot, size0, size0, songs[ownSlot], excludeId);
  // The k-th song's score, kept in locals for the inner loop; 0/1 until k songs are held.
  let kthShared = 0;
  let kthUnion = 1;
  if (top.full) {
    kthShared = top.shared[0];
    kthUnion = top.unions[0];
  }

  const order = boundOrder(size0);
  const maxSize = postings.maxSize;
  for (let k = 0; k < order.length; k++) {
    const m = order[k] >>> 8;
    const size = order[k] & 0xff;
    if (m < minShared || size > maxSize) continue;
    // Only the query's own set scores 1, and it is already in.
    if (kthShared === kthUnion) break;
    const versus = m * kthUnion - kthShared * (size0 + size - m);
    if (versus < 0) break;
    // An equal bound can only tie on score, and then its sets need at least the k-th's shared count.
    if (versus === 0 && m < kthShared) continue;

    // The lists with min(a − j, b − p) = m: j = a − m with p ≤ b − m, and p = b − m with j < a − m.
    const lastJ = size0 - m;
    const lastP = size - m;
    for (let j = 0; j <= lastJ; j++) {
      const byPosition = postings.lists[ranked[j]][size];
      if (byPosition === undefined) continue;
      const r = j * MASK_WORDS;
      const r0 = rarer[r];
      const r1 = rarer[r + 1];
      const r2 = rarer[r + 2];
      const r3 = rarer[r + 3];
      const rDrum = rarer[r + 4] & 1;
      for (let p = j === lastJ ? 0 : lastP; p <= lastP; p++) {
        const list = byPosition[p];
        if (list === undefined) continue;
        const items = list.items;
        const end = list.length * ENTRY_WORDS;
        for (let e = 0; e < end; e += ENTRY_WORDS) {
          const w0 = items[e];
          const w1 = items[e + 1];
          const w2 = items[e + 2];
          const w3 = items[e + 3];
          const tail = items[e + 4];
          if (((w0 & r0) | (w1 & r1) | (w2 & r2) | (w3 & r3) | (tail & rDrum)) !== 0) continue;
          const x0 = w0 & q0;
          const x1 = w1 & q1;
          const x2 = w2 & q2;
          const x3 = w3 & q3;
          const shared =
            POPCOUNT16[x0 & 0xffff] + POPCOUNT16[x0 >>> 16] +
            POPCOUNT16[x1 & 0xffff] + POPCOUNT16[x1 >>> 16] +
            POPCOUNT16[x2 & 0xffff] + POPCOUNT16[x2 >>> 16] +
            POPCOUNT16[x3 & 0xffff] + POPCOUNT16[x3 >>> 16] +
            (tail & qDrum);
          if (shared < minShared) continue;
          const union = size0 + size - shared;
          const against = shared * kthUnion - kthShared * union;
          if (against < 0 || (against === 0 && shared < kthShared)) continue;
          const slot = tail >>> 1;
          if (slot === ownSlot) continue;
          top.offerSet(slot, shared, union, songs[slot], excludeId);
          if (top.full) {
            kthShared = top.shared[0];
            kthUnion = top.unions[0];
          }
        }
      }
    }
  }
  return toResults(sets, instruments, top);
}

/** The held songs in the catalog's order, with the instruments each shares with the query. */
function toResults(sets: DistinctSets, instruments: readonly number[], top: TopSongs): SimilarSong[] {
  return top.ranked().map((entry) => {
    const base = top.slots[entry] * MASK_WORDS;
    const shared = instruments.filter((instrument) => (sets.masks[base + (instrument >>> 5)] & (1 << (instrument & 31))) !== 0);
    return { id: top.ids[entry], score: displayScore(top.shared[entry], top.unions[entry]), shared, sharedCount: top.shared[entry] };
  });
}
