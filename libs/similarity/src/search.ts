import { boundOrder } from './bound-order';
import type { DistinctSets } from './distinct-sets';
import { INSTRUMENT_COUNT, MASK_WORDS } from './instrument-set';
import { popcount32, POPCOUNT16 } from './popcount';
import { ENTRY_WORDS } from './posting-list';
import type { Postings } from './postings';
import { FIRST_COMMON_RANK, inRankOrder } from './rarity-order';
import { displayScore } from './score';
import { TopSongs } from './top-songs';
import type { SimilarSong } from './types';

export interface SearchState {
  readonly sets: DistinctSets;
  readonly postings: Postings;
  readonly ranks: Uint8Array;
  /** Songs in the index: the most a search can return, whatever the limit. */
  readonly songCount: number;
  readonly scratch: SearchScratch;
}

/** Per-query working memory, allocated once per index: searches are synchronous, so one set serves all. */
export class SearchScratch {
  /** rarer[j·5 ..]: the mask of the query's j rarest instruments; row a is the whole query. */
  readonly rarer = new Int32Array((INSTRUMENT_COUNT + 1) * MASK_WORDS);
  /** Signature of the query's common instruments before position j. */
  readonly commonBefore = new Int32Array(INSTRUMENT_COUNT + 1);
  /** Rare signature of the query's instruments before position j. */
  readonly rareBefore = new Int32Array(INSTRUMENT_COUNT + 1);
  /** Rare signature of the query's instruments from position j on. */
  readonly rareFrom = new Int32Array(INSTRUMENT_COUNT + 1);
  /** How many of the query's rare instruments from j on share a rare signature bit with another. */
  readonly rareSlack = new Int32Array(INSTRUMENT_COUNT + 1);
  readonly top = new TopSongs();
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

  const masks = sets.masks;
  const ranks = state.ranks;
  const ranked = inRankOrder(instruments, ranks);
  const { rarer, commonBefore, rareBefore, rareFrom, rareSlack, top } = state.scratch;
  rarer.fill(0, 0, MASK_WORDS);
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
  const q4 = rarer[query + 4];

  // Signatures (see `commonSignature`, `rareSignature`): the query's rare instruments come first in
  // its order, then its common ones.
  let queryRare = 0;
  commonBefore[0] = 0;
  rareBefore[0] = 0;
  for (let j = 0; j < size0; j++) {
    const rank = ranks[ranked[j]];
    if (rank < FIRST_COMMON_RANK) {
      queryRare++;
      commonBefore[j + 1] = commonBefore[j];
      rareBefore[j + 1] = rareBefore[j] | (1 << (rank & 31));
    } else {
      commonBefore[j + 1] = commonBefore[j] | (1 << (rank - FIRST_COMMON_RANK));
      rareBefore[j + 1] = rareBefore[j];
    }
  }
  const querySignature = commonBefore[size0];
  // Rare instruments of the query from j on that share a signature bit with another: each may be
  // shared with a set without adding a bit, so the bit count must be allowed that much more.
  rareFrom[queryRare] = 0;
  for (let j = queryRare - 1; j >= 0; j--) {
    rareFrom[j] = rareFrom[j + 1] | (1 << (ranks[ranked[j]] & 31));
    rareSlack[j] = queryRare - j - popcount32(rareFrom[j]);
  }

  top.reset(capacity);
  if (ownSlot !== undefined) top.offerSet(ownSlot, size0, size0, sets, excludeId);
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
      const r4 = rarer[r + 4];
      // The query's rare instruments from j on, j's own included; 0 when j's instrument is common.
      const queryRareLeft = queryRare > j ? queryRare - j : 0;
      const commonMet = commonBefore[j];
      const rareMet = rareBefore[j];
      const rareLeft = rareFrom[j];
      const slack = rareSlack[j];
      for (let p = j === lastJ ? 0 : lastP; p <= lastP; p++) {
        const list = byPosition[p];
        if (list === undefined) continue;
        const items = list.items;
        const end = list.length * ENTRY_WORDS;
        for (let e = 0; e < end; e += ENTRY_WORDS) {
          const commonBits = items[e];
          // Holds one of the query's common instruments rarer than j's: met in an earlier list.
          if ((commonBits & commonMet) !== 0) continue;
          // Common instruments shared: exact. Rare ones: none when j's instrument is common (the query's
          // rare ones all come before j, and a set first met here holds none of them); otherwise j's
          // own plus at most what both have left, bounded again by the rare signatures.
          const common = commonBits & querySignature;
          let shared = POPCOUNT16[common & 0xffff] + POPCOUNT16[common >>> 16];
          const rareBits = items[e + 1];
          let unsure = false;
          if (queryRareLeft > 0) {
            const setRareLeft = (items[e + 2] & 0xff) - p;
            const both = rareBits & rareLeft;
            let rareShared = POPCOUNT16[both & 0xffff] + POPCOUNT16[both >>> 16] + slack;
            if (setRareLeft < rareShared) rareShared = setRareLeft;
            if (queryRareLeft < rareShared) rareShared = queryRareLeft;
            shared += rareShared;
            unsure = rareShared > 1;
          }
          if (shared < minShared) continue;
          let against = shared * kthUnion - kthShared * (size0 + size - shared);
          if (against < 0 || (against === 0 && shared < kthShared)) continue;

          const slot = items[e + 2] >>> 8;
          if (slot === ownSlot) continue;
          // Only now, for the few sets left, read the full mask when the signatures are not conclusive:
          // a rare signature bit in common with the query's rarer instruments may be a collision.
          if (unsure || (rareBits & rareMet) !== 0) {
            const base = slot * MASK_WORDS;
            const m0 = masks[base];
            const m1 = masks[base + 1];
            const m2 = masks[base + 2];
            const m3 = masks[base + 3];
            const m4 = masks[base + 4];
            if (((m0 & r0) | (m1 & r1) | (m2 & r2) | (m3 & r3) | (m4 & r4)) !== 0) continue;
            if (unsure) {
              shared =
                popcount32(m0 & q0) +
                popcount32(m1 & q1) +
                popcount32(m2 & q2) +
                popcount32(m3 & q3) +
                popcount32(m4 & q4);
              if (shared < minShared) continue;
              against = shared * kthUnion - kthShared * (size0 + size - shared);
              if (against < 0 || (against === 0 && shared < kthShared)) continue;
            }
          }
          top.offerSet(slot, shared, size0 + size - shared, sets, excludeId);
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
    const shared = instruments.filter(
      (instrument) => (sets.masks[base + (instrument >>> 5)] & (1 << (instrument & 31))) !== 0,
    );
    return {
      id: top.ids[entry],
      score: displayScore(top.shared[entry], top.unions[entry]),
      shared,
      sharedCount: top.shared[entry],
    };
  });
}
