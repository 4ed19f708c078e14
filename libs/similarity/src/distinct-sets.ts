import { INSTRUMENT_COUNT, MASK_WORDS } from './instrument-set';
import { MAX_SLOTS } from './posting-list';

/**
 * The catalog's distinct instrument sets, each in a numbered slot with its mask and its songs. Many
 * songs share a set (drums, piano, bass...), and a set's score against a query is the same for all of
 * them, so the search works on sets and only expands the winners into songs.
 */
export class DistinctSets {
  /** MASK_WORDS words per slot. */
  masks = new Uint32Array(0);
  /** The songs with the slot's set, ids ascending (so ties on score are already in id order); empty when free. */
  readonly songs: number[][] = [];
  /**
   * Each slot's smallest song id and number of songs, copied into typed arrays: most sets have a
   * single song, and the search reaches it here without chasing pointers through `songs`.
   */
  firstSong = new Float64Array(0);
  songCount = new Uint32Array(0);
  /** The slot's instruments ascending, frozen: handed out by `instrumentsOf` without copying. */
  readonly instruments: (readonly number[])[] = [];
  /** How many live sets hold each instrument: the rarity that orders the search. */
  readonly setsWith = new Int32Array(INSTRUMENT_COUNT);
  live = 0;

  private readonly slotByKey = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly freeSlots: number[] = [];

  slotOf(instruments: readonly number[]): number | undefined {
    return this.slotByKey.get(instruments.join(','));
  }

  /** Adds a song to the slot of its set (instruments ascending), opening the slot if the set is new. */
  addSong(instruments: readonly number[], id: number): { slot: number; created: boolean } {
    const key = instruments.join(',');
    const existing = this.slotByKey.get(key);
    if (existing !== undefined) {
      const songs = this.songs[existing];
      insertAscending(songs, id);
      this.firstSong[existing] = songs[0];
      this.songCount[existing] = songs.length;
      return { slot: existing, created: false };
    }
    const slot = this.freeSlots.pop() ?? this.grow();
    this.slotByKey.set(key, slot);
    this.keys[slot] = key;
    this.songs[slot] = [id];
    this.firstSong[slot] = id;
    this.songCount[slot] = 1;
    this.instruments[slot] = Object.freeze(instruments.slice());
    const base = slot * MASK_WORDS;
    this.masks.fill(0, base, base + MASK_WORDS);
    for (const instrument of instruments) {
      this.masks[base + (instrument >>> 5)] |= 1 << (instrument & 31);
      this.setsWith[instrument]++;
    }
    this.live++;
    return { slot, created: true };
  }

  /** Takes a song out of its slot; true when that emptied the slot, which is then free for reuse. */
  removeSong(slot: number, id: number): boolean {
    const songs = this.songs[slot];
    const at = lowerBound(songs, id);
    if (songs[at] === id) songs.splice(at, 1);
    this.songCount[slot] = songs.length;
    if (songs.length > 0) {
      this.firstSong[slot] = songs[0];
      return false;
    }
    this.slotByKey.delete(this.keys[slot]);
    for (const instrument of this.instruments[slot]) this.setsWith[instrument]--;
    this.keys[slot] = '';
    this.instruments[slot] = [];
    this.freeSlots.push(slot);
    this.live--;
    return true;
  }

  *liveSlots(): Generator<number> {
    for (let slot = 0; slot < this.songs.length; slot++) if (this.songs[slot].length > 0) yield slot;
  }

  private grow(): number {
    const slot = this.songs.length;
    if (slot === MAX_SLOTS) {
      throw new RangeError(`the similarity index holds at most ${MAX_SLOTS} distinct instrument sets`);
    }
    if (slot === this.songCount.length) {
      const capacity = Math.max(64, slot * 2);
      this.masks = grown(this.masks, new Uint32Array(capacity * MASK_WORDS));
      this.firstSong = grown(this.firstSong, new Float64Array(capacity));
      this.songCount = grown(this.songCount, new Uint32Array(capacity));
    }
    this.songs.push([]);
    this.instruments.push([]);
    this.keys.push('');
    return slot;
  }
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The extractor writes songs in roughly ascending id order, so this is nearly always a push. */
function insertAscending(sorted: number[], value: number): void {
  if (sorted.length === 0 || sorted[sorted.length - 1] < value) {
    sorted.push(value);
    return;
  }
  const at = lowerBound(sorted, value);
  if (sorted[at] !== value) sorted.splice(at, 0, value);
}
