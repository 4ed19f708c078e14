/** What a result card shows of a song. */
export interface SongCard {
  readonly id: number;
  readonly key: string;
  readonly title: string | null;
  readonly drums: boolean;
  readonly instruments: readonly number[];
}

const NO_TITLE = -1;
const FIRST_CAPACITY = 1024;
/** Arenas are compacted once they hold more dead bytes than live ones, and at least this many. */
const COMPACT_MIN_DEAD = 1 << 20;

/** A-Z lowered, any other byte kept: what asciiLower does to the string, done to its UTF-8 bytes. */
const fold = (byte: number) => (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte);

/** Bytes appended at the end, never moved but by a compaction: the live ones are counted. */
class Arena {
  bytes: Buffer;
  used = 0;
  live = 0;

  constructor(
    capacity: number,
    private readonly compactMinDead: number,
  ) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  /** Room for `length` more bytes at `used`, the buffer grown by half when it lacks it. */
  reserve(length: number): void {
    if (this.used + length <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.used + length, Math.ceil(this.bytes.length * 1.5)));
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }

  get wasteful(): boolean {
    const dead = this.used - this.live;
    return dead > this.live && dead >= this.compactMinDead;
  }
}

/**
 * The catalog's cards, in columns: typed arrays indexed by slot, the text of every key and title in
 * one UTF-8 buffer and the instruments in one byte buffer, with a card object built only for a song
 * an answer shows.
 *
 * Why not a Map of card objects: at Lakh size (178k songs) the cards, their instrument arrays and
 * their strings, with the title index's entries, were ~1.25 M of the API's 2.55 M heap objects, and
 * every major GC marks all of them. Under load that marking ran on V8's background threads for
 * 200–250 ms, competing with the event loop for two cores: the stalls `npm run bench:api` measured
 * lined up with it. Here they are a dozen objects.
 */
export class SongCards {
  private readonly slots = new Map<number, number>();
  private readonly free: number[] = [];
  private capacity = 0;
  private ids = new Float64Array(0);
  private textAt = new Uint32Array(0);
  private keyBytes = new Uint32Array(0);
  /** The title's bytes, which follow the key's; NO_TITLE for a song without one. */
  private titleBytes = new Int32Array(0);
  private drums = new Uint8Array(0);
  private instrumentsAt = new Uint32Array(0);
  private instrumentCount = new Uint32Array(0);
  private text: Arena;
  private instruments: Arena;

  /** `compactMinDead`: dead bytes an arena may hold before it is compacted (a test lowers it to see compactions). */
  constructor(private readonly compactMinDead = COMPACT_MIN_DEAD) {
    this.text = new Arena(FIRST_CAPACITY * 64, compactMinDead);
    this.instruments = new Arena(FIRST_CAPACITY * 8, compactMinDead);
  }

  static of(cards: Iterable<SongCard>): SongCards {
    const store = new SongCards();
    for (const card of cards) store.set(card);
    return store;
  }

  get size(): number {
    return this.slots.size;
  }

  has(id: number): boolean {
    return this.slots.has(id);
  }

  get(id: number): SongCard | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.at(slot);
  }

  /** The card's slot, for the title index's scans; -1 for an unknown id. */
  slotOf(id: number): number {
    return this.slots.get(id) ?? -1;
  }

  /** Every card, in id order. */
  *values(): IterableIterator<SongCard> {
    const ids = [...this.slots.keys()].sort((a, z) => a - z);
    for (const id of ids) yield this.at(this.slots.get(id)!);
  }

  /** Adds the card, or replaces the one with its id. Instruments are 0–255 (General MIDI's 128 and drums). */
  set(card: SongCard): void {
    for (const instrument of card.instruments) {
      if (!Number.isInteger(instrument) || instrument < 0 || instrument > 255) {
        throw new RangeError(`song ${card.id}: instrument ${instrument} is not 0-255`);
      }
    }
    let slot = this.slots.get(card.id);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.newSlot();
      this.slots.set(card.id, slot);
    } else {
      this.release(slot);
    }
    this.ids[slot] = card.id;
    this.drums[slot] = card.drums ? 1 : 0;
    this.writeText(slot, card.key, card.title);
    this.writeInstruments(slot, card.instruments);
    if (this.text.wasteful || this.instruments.wasteful) this.compact();
  }

  delete(id: number): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.release(slot);
    this.slots.delete(id);
    this.free.push(slot);
    return true;
  }

  /** The card in this slot, built afresh. */
  at(slot: number): SongCard {
    const start = this.textAt[slot];
    const keyEnd = start + this.keyBytes[slot];
    const titleBytes = this.titleBytes[slot];
    const first = this.instrumentsAt[slot];
    const instruments = new Array<number>(this.instrumentCount[slot]);
    for (let i = 0; i < instruments.length; i++) instruments[i] = this.instruments.bytes[first + i];
    return {
      id: this.ids[slot],
      key: this.text.bytes.toString('utf8', start, keyEnd),
      title: titleBytes === NO_TITLE ? null : this.text.bytes.toString('utf8', keyEnd, keyEnd + titleBytes),
      drums: this.drums[slot] === 1,
      instruments,
    };
  }

  /** Whether the card in this slot has these drums (when given) and all these instruments. */
  passes(slot: number, drums: boolean | undefined, instruments: readonly number[] | undefined): boolean {
    if (drums !== undefined && (this.drums[slot] === 1) !== drums) return false;
    if (!instruments) return true;
    const first = this.instrumentsAt[slot];
    const end = first + this.instrumentCount[slot];
    const bytes = this.instruments.bytes;
    for (const instrument of instruments) {
      let at = first;
      while (at < end && bytes[at] !== instrument) at++;
      if (at === end) return false;
    }
    return true;
  }

  /**
   * Whether the slot's title or key holds `needle`, A-Z lowered on both sides. The needle is ASCII
   * bytes already lowered: in UTF-8 an ASCII byte is always an ASCII character, so a match in the
   * bytes is a match in the text, as `asciiLower(text).includes(needle)` would find it.
   */
  holds(slot: number, needle: Uint8Array): boolean {
    const start = this.textAt[slot];
    const keyEnd = start + this.keyBytes[slot];
    const titleBytes = this.titleBytes[slot];
    if (titleBytes !== NO_TITLE && this.contains(keyEnd, keyEnd + titleBytes, needle)) return true;
    return this.contains(start, keyEnd, needle);
  }

  private contains(start: number, end: number, needle: Uint8Array): boolean {
    const bytes = this.text.bytes;
    const length = needle.length;
    outer: for (let at = start; at + length <= end; at++) {
      for (let j = 0; j < length; j++) if (fold(bytes[at + j]) !== needle[j]) continue outer;
      return true;
    }
    return length === 0;
  }

  private writeText(slot: number, key: string, title: string | null): void {
    const keyBytes = Buffer.byteLength(key, 'utf8');
    const titleBytes = title === null ? 0 : Buffer.byteLength(title, 'utf8');
    const text = this.text;
    text.reserve(keyBytes + titleBytes);
    this.textAt[slot] = text.used;
    text.bytes.write(key, text.used, 'utf8');
    if (title !== null) text.bytes.write(title, text.used + keyBytes, 'utf8');
    text.used += keyBytes + titleBytes;
    text.live += keyBytes + titleBytes;
    this.keyBytes[slot] = keyBytes;
    this.titleBytes[slot] = title === null ? NO_TITLE : titleBytes;
  }

  private writeInstruments(slot: number, instruments: readonly number[]): void {
    const arena = this.instruments;
    arena.reserve(instruments.length);
    this.instrumentsAt[slot] = arena.used;
    this.instrumentCount[slot] = instruments.length;
    for (let i = 0; i < instruments.length; i++) arena.bytes[arena.used + i] = instruments[i];
    arena.used += instruments.length;
    arena.live += instruments.length;
  }

  /** The slot's bytes become dead space. */
  private release(slot: number): void {
    this.text.live -= this.keyBytes[slot] + Math.max(0, this.titleBytes[slot]);
    this.instruments.live -= this.instrumentCount[slot];
  }

  private newSlot(): number {
    const slot = this.slots.size;
    if (slot === this.capacity) this.grow(Math.max(FIRST_CAPACITY, Math.ceil(this.capacity * 1.5)));
    return slot;
  }

  private grow(capacity: number): void {
    const grown = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(
      old: T,
      make: new (length: number) => T,
    ) => {
      const bigger = new make(capacity);
      bigger.set(old);
      return bigger;
    };
    this.ids = grown(this.ids, Float64Array);
    this.textAt = grown(this.textAt, Uint32Array);
    this.keyBytes = grown(this.keyBytes, Uint32Array);
    this.titleBytes = grown(this.titleBytes, Int32Array);
    this.drums = grown(this.drums, Uint8Array);
    this.instrumentsAt = grown(this.instrumentsAt, Uint32Array);
    this.instrumentCount = grown(this.instrumentCount, Uint32Array);
    this.capacity = capacity;
  }

  /** Copies every live slot's bytes into fresh arenas sized for them: a refresh's replaced cards leave dead ones. */
  private compact(): void {
    const text = new Arena(Math.max(FIRST_CAPACITY, Math.ceil(this.text.live * 1.25)), this.compactMinDead);
    const instruments = new Arena(
      Math.max(FIRST_CAPACITY, Math.ceil(this.instruments.live * 1.25)),
      this.compactMinDead,
    );
    for (const slot of this.slots.values()) {
      const textBytes = this.keyBytes[slot] + Math.max(0, this.titleBytes[slot]);
      this.text.bytes.copy(text.bytes, text.used, this.textAt[slot], this.textAt[slot] + textBytes);
      this.textAt[slot] = text.used;
      text.used += textBytes;
      const count = this.instrumentCount[slot];
      const first = this.instrumentsAt[slot];
      this.instruments.bytes.copy(instruments.bytes, instruments.used, first, first + count);
      this.instrumentsAt[slot] = instruments.used;
      instruments.used += count;
    }
    text.live = text.used;
    instruments.live = instruments.used;
    this.text = text;
    this.instruments = instruments;
  }
}
