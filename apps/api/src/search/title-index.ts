import type { SongCard } from '../similarity/song-index.service';
import { asciiLower, isAscii, TRIGRAM_SPACE, trigramsOf, undecidable, type TrigramBuffer } from './search-text';
import { MAX_POSTING_ID, SortedIds } from './sorted-ids';

/*
 * Why an index of our own rather than a search library: libraries split text into words and rank
 * them, while `GET /api/songs?q=` promises what SQL's `ILIKE '%q%'` gives, any substring of a title
 * or key ("ue riv", "song-0001"), case-insensitive, in id order after a cursor. Trigram postings
 * narrow the cards down; every answer is then checked with that very predicate.
 */

export interface TitleFilter {
  readonly instruments?: readonly number[];
  readonly drums?: boolean;
  readonly afterId: number;
  /** Rows wanted: the page and one more. */
  readonly limit: number;
}

export interface TitleMatches {
  /** The first matches after the cursor in id order, at most `limit`. */
  readonly matches: SongCard[];
  /**
   * Cards that pass the filters, lie before the last match (anywhere after the cursor when fewer
   * than `limit` matched), and whose text only Postgres can judge: the caller asks SQL about these.
   */
  readonly undecided: SongCard[];
  /**
   * Set when the scan stopped at its budget with fewer than `limit` matches: the cards after this
   * id are not decided, and the caller asks SQL for the rest of the page.
   */
  readonly decidedTo?: number;
}

export interface TitleIndexOptions {
  /**
   * A trigram held by more than this share of the cards loses its postings and stops narrowing
   * searches (they are checked against the text anyway): the ".mi" of every key costs 4 bytes a
   * song and narrows nothing.
   */
  readonly denseShare: number;
  /** ...and by more than this many, so a small catalog keeps every list. */
  readonly denseMin: number;
  /**
   * Cards one search may visit before it leaves the rest to SQL: a short or common-lettered query
   * that matches few cards would otherwise hold the event loop for a scan of the whole catalog.
   */
  readonly scanBudget: number;
}

/**
 * Measured on 178,561 generated titles: postings of 8 MB with the generated keys and 31 MB with
 * keys that are hex hashes (4,096 trigrams, ~1,300 songs each), against 30 MB and 46 MB when every
 * list is kept; searches took as long either way (p99 0.1-0.4 ms in process). A card visited costs
 * 0.15-0.5 µs, so the budget holds a search to a few ms.
 */
export const TITLE_INDEX_DEFAULTS: TitleIndexOptions = { denseShare: 0.125, denseMin: 1024, scanBudget: 10_000 };

/**
 * Between a card's lowered title and key in its searchable text. Postgres text cannot hold NUL, so
 * no title or key has one: a needle with it is in no card, and no needle matches across the two.
 */
const SEPARATOR = '\u0000';

/** Title and key with A-Z lowered, and whether only Postgres can judge them (see search-text.ts). */
interface Lowered {
  readonly title: string;
  readonly key: string;
  readonly undecided: boolean;
}

const lowered = (card: SongCard): Lowered => ({
  title: card.title === null ? '' : asciiLower(card.title),
  key: asciiLower(card.key),
  undecided: undecidable(card.title) || undecidable(card.key),
});

function passes(card: SongCard, filter: TitleFilter): boolean {
  if (filter.drums !== undefined && card.drums !== filter.drums) return false;
  return !filter.instruments || filter.instruments.every((instrument) => card.instruments.includes(instrument));
}

const NO_IDS = new SortedIds(0);
/** A trigram's slot: no card has it (NONE), too many have it (DENSE), or its list is lists[slot - 1]. */
const NONE = 0;
const DENSE = -1;

/** Every card's title and key, searchable by substring; kept in step with the cards by upsert and remove. */
export class TitleIndex {
  private readonly cards = new Map<number, SongCard>();
  /**
   * A decided card's lowered title and key in one string, SEPARATOR between them: one heap object a
   * card where an entry object and two strings were three, fewer for every major GC to mark.
   * Undecided cards have none.
   */
  private readonly texts = new Map<number, string>();
  /**
   * Trigram → slot, flat: a lookup is one read. 8 MiB reserved, but only the pages of trigrams
   * that occur are ever touched (ASCII text fills a few hundred of them).
   */
  private readonly slots = new Int32Array(TRIGRAM_SPACE);
  private readonly lists: SortedIds[] = [];
  private denseCount = 0;
  private readonly all = new SortedIds();
  private readonly undecidedIds = new SortedIds();
  /** Set once an id does not fit a posting; every search then goes to SQL. */
  private overflow = false;
  private readonly buffer: TrigramBuffer = { grams: new Int32Array(256) };

  constructor(private readonly options: TitleIndexOptions = TITLE_INDEX_DEFAULTS) {}

  /** Built in one go: lists sized exactly, trigrams too common for a list known from the start. */
  static from(cards: Iterable<SongCard>, options: TitleIndexOptions = TITLE_INDEX_DEFAULTS): TitleIndex {
    const index = new TitleIndex(options);
    const sorted = [...cards].sort((a, z) => a.id - z.id);
    const texts = sorted.map(lowered);
    const counts = new Uint32Array(TRIGRAM_SPACE);
    const seen: number[] = [];
    for (const text of texts) {
      if (text.undecided) continue;
      const count = index.trigramsOf(text);
      for (let i = 0; i < count; i++) if (counts[index.buffer.grams[i]]++ === 0) seen.push(index.buffer.grams[i]);
    }
    const threshold = Math.max(options.denseMin, sorted.length * options.denseShare);
    for (const gram of seen) {
      if (counts[gram] > threshold) index.makeDense(gram);
      else index.slots[gram] = index.lists.push(new SortedIds(counts[gram]));
    }
    sorted.forEach((card, i) => index.insert(card, texts[i], false));
    return index;
  }

  get size(): number {
    return this.cards.size;
  }

  /** What the index holds, for the start-up log and the bench. */
  stats(): { cards: number; trigrams: number; denseTrigrams: number; postingBytes: number } {
    let postingBytes = this.all.bytes + this.undecidedIds.bytes;
    for (const list of this.lists) postingBytes += list.bytes;
    return { cards: this.size, trigrams: this.lists.length, denseTrigrams: this.denseCount, postingBytes };
  }

  upsert(card: SongCard): void {
    const old = this.cards.get(card.id);
    if (old && old.title === card.title && old.key === card.key) {
      this.cards.set(card.id, card);
      return;
    }
    if (old) this.unindex(old);
    this.insert(card, lowered(card));
  }

  remove(id: number): void {
    const old = this.cards.get(id);
    if (old) this.unindex(old);
  }

  /**
   * The cards whose title or key holds `q` (any case), filtered, in id order after the cursor; or
   * undefined when only SQL can answer: a query beyond ASCII (see search-text.ts).
   */
  search(q: string, filter: TitleFilter): TitleMatches | undefined {
    if (this.overflow || !isAscii(q)) return undefined;
    const needle = asciiLower(q);
    if (needle.includes(SEPARATOR)) return { matches: [], undecided: [] };
    const lists = this.listsFor(needle);
    const [driver, ...others] = lists ?? [NO_IDS];
    const at = others.map(() => 0);
    const matches: SongCard[] = [];
    const first = driver.upperBound(filter.afterId);
    let decidedTo: number | undefined;
    for (let i = first; i < driver.length && matches.length < filter.limit; i++) {
      if (i - first === this.options.scanBudget) {
        decidedTo = i > first ? driver.at(i - 1) : filter.afterId;
        break;
      }
      const id = driver.at(i);
      if (!this.inAll(others, at, id)) continue;
      const text = this.texts.get(id);
      if (text === undefined) continue;
      const card = this.cards.get(id)!;
      if (passes(card, filter) && text.includes(needle)) matches.push(card);
    }
    const before = matches.length === filter.limit ? matches[matches.length - 1].id : (decidedTo ?? Infinity) + 1;
    const undecided: SongCard[] = [];
    for (let i = this.undecidedIds.upperBound(filter.afterId); i < this.undecidedIds.length; i++) {
      const id = this.undecidedIds.at(i);
      if (id >= before) break;
      const card = this.cards.get(id)!;
      if (passes(card, filter)) undecided.push(card);
    }
    return { matches, undecided, decidedTo };
  }

  /**
   * The postings of the needle's trigrams, shortest first; every card when none narrows (a short
   * needle, or only dense trigrams); null when a trigram is in no card.
   */
  private listsFor(needle: string): SortedIds[] | null {
    const lists: SortedIds[] = [];
    const count = trigramsOf([needle], this.buffer);
    for (let i = 0; i < count; i++) {
      const slot = this.slots[this.buffer.grams[i]];
      if (slot === NONE || (slot > 0 && this.lists[slot - 1].length === 0)) return null;
      if (slot > 0) lists.push(this.lists[slot - 1]);
    }
    return lists.length ? lists.sort((a, z) => a.length - z.length) : [this.all];
  }

  private inAll(lists: readonly SortedIds[], at: number[], id: number): boolean {
    for (let j = 0; j < lists.length; j++) {
      at[j] = lists[j].seek(id, at[j]);
      if (at[j] >= lists[j].length || lists[j].at(at[j]) !== id) return false;
    }
    return true;
  }

  /** The card's distinct trigrams, at the start of the reused buffer; returns how many. */
  private trigramsOf(text: Lowered): number {
    return trigramsOf([text.title, text.key], this.buffer);
  }

  private makeDense(gram: number): void {
    this.slots[gram] = DENSE;
    this.denseCount++;
  }

  /** `promote`: whether a list that grows past the threshold goes dense (not while the sized lists fill). */
  private insert(card: SongCard, text: Lowered, promote = true): void {
    const { id } = card;
    if (!Number.isInteger(id) || id < 0 || id > MAX_POSTING_ID) this.overflow = true;
    this.cards.set(id, card);
    this.all.add(id);
    if (text.undecided) {
      this.undecidedIds.add(id);
      return;
    }
    // Joined, the string is flat: `+` would keep a rope of three strings until its first search.
    this.texts.set(id, [text.title, text.key].join(SEPARATOR));
    const threshold = Math.max(this.options.denseMin, this.cards.size * this.options.denseShare);
    const count = this.trigramsOf(text);
    for (let i = 0; i < count; i++) {
      const gram = this.buffer.grams[i];
      const slot = this.slots[gram];
      if (slot === DENSE) continue;
      if (slot === NONE) this.slots[gram] = this.lists.push(new SortedIds());
      const list = this.lists[this.slots[gram] - 1];
      list.add(id);
      if (promote && list.length > threshold) {
        // Its slot number is not reused: dense trigrams are few.
        this.lists[this.slots[gram] - 1] = new SortedIds(0);
        this.makeDense(gram);
      }
    }
  }

  private unindex(card: SongCard): void {
    const { id } = card;
    const text = lowered(card);
    this.cards.delete(id);
    this.all.remove(id);
    if (text.undecided) {
      this.undecidedIds.remove(id);
      return;
    }
    this.texts.delete(id);
    const count = this.trigramsOf(text);
    for (let i = 0; i < count; i++) {
      const slot = this.slots[this.buffer.grams[i]];
      if (slot > 0) this.lists[slot - 1].remove(id);
    }
  }
}

/**
 * The rows of a page: the decided matches and the undecided cards SQL confirmed, in id order, at
 * most `limit`. Every undecided card lies before the last decided match, so none is missed.
 */
export function withConfirmed(found: TitleMatches, confirmed: ReadonlySet<number>, limit: number): SongCard[] {
  if (found.undecided.length === 0) return found.matches;
  const extra = found.undecided.filter((card) => confirmed.has(card.id));
  return [...found.matches, ...extra].sort((a, z) => a.id - z.id).slice(0, limit);
}
