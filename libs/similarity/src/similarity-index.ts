import { DistinctSets } from './distinct-sets';
import { normalizeInstruments } from './instrument-set';
import { Postings } from './postings';
import { checkQuery, checkSongId } from './query-options';
import { PostingsRebuild } from './postings-rebuild';
import { rarityDrift } from './rarity-drift';
import { initialRanks, inRankOrder, ranksByRarity } from './rarity-order';
import { SearchScratch, searchSimilar } from './search';
import type { SearchState } from './search';
import type { SetSimilarityQuery, SimilarityQuery, SimilarSong, SongInstruments } from './types';

/** Below this many distinct sets the rarity order is not worth maintaining. */
const FIRST_RANKING = 64;
/**
 * Upserts re-rank by themselves at each doubling of the distinct sets up to here (the last costing
 * some 30 ms); past it, a re-index would stall the event loop for hundreds of milliseconds, so
 * `rebuild()` does it in slices when the caller finds the order has drifted (`rarityDrift`).
 */
const LAST_AUTOMATIC_RANKING = 16_384;
/** Sets filed per slice of a background rebuild: about 1.5 µs each, so a slice holds the event loop ~3 ms. */
const REBUILD_SLICE_SETS = 2_000;

export interface RebuildOptions {
  /** Sets filed between two pauses. */
  readonly sliceSets?: number;
  /** Resolves when the next slice may run; by default the event loop's next turn, after pending I/O. */
  readonly pause?: () => Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/*
 * Why this is hand-written rather than a SQL query, an extension or a vector store: "songs like this
 * one" is the product's answer at its busiest endpoint, and it must be exact (the naive definition's
 * order, ties included) at over 1,000 requests/s on two shared cores, so well under 0.3 ms of CPU per
 * query. A SQL scan, or even a scan of all 180k songs' 129-bit masks in memory (about 3 ms), is an order
 * of magnitude too slow; approximate indexes (MinHash, LSH, ANN) are fast but not exact. The catalog is
 * small enough to sit in memory, and Jaccard over small sets has exact bounds that skip most of it:
 *
 * - Songs are grouped by distinct instrument set: a set scores the same for all its songs.
 * - Instruments are ordered rarest first, and each set is filed under each of its instruments, keyed
 *   by (instrument, set size, position in the set's order). A set sharing i instruments with the query
 *   is first met in the list of their rarest common instrument, at positions j (query) and p (set)
 *   with i ≤ min(a − j, b − p): each list has a score bound from its key alone (prefix and size
 *   filtering, as in the AllPairs/PPJoin family of set-similarity joins).
 * - Lists are read by decreasing bound, and reading stops when the bound falls below the k-th best
 *   score found, so the search reads the lists that could matter for the final answer and no others.
 * - Each list entry carries two signature words (common instruments exact, rare ones folded), so most
 *   sets are scored or rejected without touching anything but the list being read.
 * - Scores are compared as exact fractions (shared·union' vs shared'·union), so ties are exact.
 *
 * Songs with no instruments are kept (has, instrumentsOf) but are never similar to anything.
 */
export class SimilarityIndex {
  private readonly sets = new DistinctSets();
  private ranks = initialRanks();
  private postings = new Postings(this.ranks);
  private readonly slotOfSong = new Map<number, number>();
  private readonly scratch = new SearchScratch();
  /** Distinct sets when the rarity order was last computed; re-ranking at each doubling keeps upserts amortized O(1). */
  private rankedAt = 0;
  /** While bulk loading, sets are indexed once at the end, in the final rarity order. */
  private deferIndexing = false;
  /** The background rebuild under way, which changes must also reach. */
  private rebuilding: PostingsRebuild | undefined;

  /** An index of these songs, its rarity order computed once from all of them (faster than upserting one by one). */
  static from(songs: Iterable<SongInstruments>): SimilarityIndex {
    const index = new SimilarityIndex();
    index.deferIndexing = true;
    for (const { id, instruments } of songs) index.upsert(id, instruments);
    index.deferIndexing = false;
    index.reindex();
    return index;
  }

  /**
   * How far the instrument order the lists were built in has drifted from the sets' real rarity, 0–1
   * (`rarityDrift`): answers are exact at any drift, queries slow down as it grows.
   */
  get rarityDrift(): number {
    return rarityDrift(this.sets.setsWith, this.ranks);
  }

  /** Whether a background rebuild is under way. */
  get rebuildRunning(): boolean {
    return this.rebuilding !== undefined;
  }

  /** Songs in the index. */
  get size(): number {
    return this.slotOfSong.size;
  }

  /** Distinct instrument sets in the index. */
  get distinctSets(): number {
    return this.sets.live;
  }

  has(id: number): boolean {
    return this.slotOfSong.has(id);
  }

  /** The song's instruments ascending (frozen, shared with the index), undefined for an unknown id. */
  instrumentsOf(id: number): readonly number[] | undefined {
    const slot = this.slotOfSong.get(id);
    return slot === undefined ? undefined : this.sets.instruments[slot];
  }

  /**
   * Inserts the song or replaces its instruments. Instruments are 0–128 in any order, duplicates ignored.
   * Cost: a few microseconds; while the catalog is small, also a re-indexing at each doubling of its
   * distinct sets (amortized constant, see LAST_AUTOMATIC_RANKING).
   */
  upsert(id: number, instruments: readonly number[]): void {
    checkSongId(id);
    const set = normalizeInstruments(instruments);
    const previous = this.slotOfSong.get(id);
    if (previous !== undefined) {
      if (this.sets.slotOf(set) === previous) return;
      this.detach(previous, id);
    }
    const { slot, created } = this.sets.addSong(set, id);
    this.slotOfSong.set(id, slot);
    if (created && !this.deferIndexing) {
      const due =
        this.sets.live >= Math.max(FIRST_RANKING, 2 * this.rankedAt) && this.rankedAt < LAST_AUTOMATIC_RANKING;
      if (due) {
        this.reindex();
      } else {
        this.postings.add(slot, inRankOrder(set, this.ranks));
        this.rebuilding?.added(slot, set);
      }
    }
  }

  /** Removes the song; false if it was not in the index. Tens of microseconds when it empties its set. */
  remove(id: number): boolean {
    const slot = this.slotOfSong.get(id);
    if (slot === undefined) return false;
    this.slotOfSong.delete(id);
    this.detach(slot, id);
    return true;
  }

  /**
   * The `limit` songs most similar to song `id` by Jaccard similarity of instrument sets, sharing at
   * least `minShared` instruments with it, the song itself excluded; ordered by score descending, then
   * shared count descending, then id ascending. Undefined when the index has no song `id` (the API
   * answers 404); an empty array when nothing qualifies. Throws RangeError for a bad limit or minShared.
   */
  similar(id: number, query: SimilarityQuery): SimilarSong[] | undefined {
    const { limit, minShared } = checkQuery(query);
    const slot = this.slotOfSong.get(id);
    if (slot === undefined) return undefined;
    return searchSimilar(this.searchState(), {
      instruments: this.sets.instruments[slot],
      ownSlot: slot,
      limit,
      minShared,
      excludeId: id,
    });
  }

  /** As `similar`, for any instrument set, optionally leaving out one song. */
  similarToSet(instruments: readonly number[], query: SetSimilarityQuery): SimilarSong[] {
    const { limit, minShared, excludeId } = checkQuery(query);
    const set = normalizeInstruments(instruments);
    return searchSimilar(this.searchState(), {
      instruments: set,
      ownSlot: this.sets.slotOf(set),
      limit,
      minShared,
      excludeId,
    });
  }

  private searchState(): SearchState {
    return {
      sets: this.sets,
      postings: this.postings,
      ranks: this.ranks,
      songCount: this.slotOfSong.size,
      scratch: this.scratch,
    };
  }

  private detach(slot: number, id: number): void {
    const instruments = this.sets.instruments[slot];
    // Unindex before the slot is freed: the postings are found from the set's instruments.
    if (this.sets.songs[slot].length === 1 && !this.deferIndexing) {
      this.postings.remove(slot, inRankOrder(instruments, this.ranks));
      this.rebuilding?.removed(slot, instruments);
    }
    this.sets.removeSong(slot, id);
  }

  /**
   * Recomputes the rarity order from the songs now in the index and rebuilds the lists in it. Answers
   * are exact in any order; this only keeps searches fast after the catalog's make-up has changed a lot
   * since the last ranking (upserts do it by themselves while the catalog is small, `from` once). Takes
   * about 1.5 µs per distinct set (some 200 ms for 134k sets), synchronously.
   */
  reindex(): void {
    // Supersedes a background rebuild: its order is no newer than this one.
    this.rebuilding = undefined;
    this.ranks = ranksByRarity(this.sets.setsWith);
    const postings = new Postings(this.ranks);
    for (const slot of this.sets.liveSlots()) postings.add(slot, inRankOrder(this.sets.instruments[slot], this.ranks));
    this.postings = postings;
    this.rankedAt = this.sets.live;
  }

  /**
   * As `reindex`, without holding the event loop: new lists are built in the current rarity order a
   * slice at a time, queries and changes carrying on against the old ones (changes reach both), and the
   * order and lists are swapped in one step at the end, so every answer before, during and after is
   * exact. Resolves true once swapped, false when a `reindex` or another rebuild superseded it.
   */
  async rebuild(options: RebuildOptions = {}): Promise<boolean> {
    const { sliceSets = REBUILD_SLICE_SETS, pause = nextTurn } = options;
    const job = new PostingsRebuild(this.sets);
    this.rebuilding = job;
    while (!job.step(sliceSets)) {
      await pause();
      if (this.rebuilding !== job) return false;
    }
    this.rebuilding = undefined;
    this.ranks = job.ranks;
    this.postings = job.postings;
    this.rankedAt = this.sets.live;
    return true;
  }
}
