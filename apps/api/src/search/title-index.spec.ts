import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SongCard } from '../similarity/song-index.service';
import { TitleIndex, withConfirmed, type TitleFilter, type TitleIndexOptions } from './title-index';

/** Wildcards, backslashes, cases, and characters beyond ASCII, İ and the Kelvin sign among them. */
const ALPHABET = ['a', 'b', 'c', 'A', 'B', ' ', '1', '2', '-', '%', '_', '\\', 'é', 'É', 'İ', 'i', 'I', '\u212a', 'k'];
const text = (maxLength: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((characters) => characters.join(''));

const cardArbitrary = (id: number) =>
  fc.record({
    id: fc.constant(id),
    key: text(10),
    title: fc.option(text(12), { nil: null }),
    drums: fc.boolean(),
    instruments: fc.subarray([0, 1, 2, 3]),
  });
const cardsArbitrary = fc
  .uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 60 })
  .chain((ids) => fc.tuple(...ids.map(cardArbitrary)));

const filterArbitrary = fc.record({
  instruments: fc.option(fc.subarray([0, 1, 2, 3], { minLength: 1, maxLength: 2 }), { nil: undefined }),
  drums: fc.option(fc.boolean(), { nil: undefined }),
  afterId: fc.integer({ min: 0, max: 400 }),
  limit: fc.integer({ min: 1, max: 8 }),
});

/** ILIKE '%q%' as a database with a Unicode-aware locale answers it, written plainly. */
function reference(cards: readonly SongCard[], q: string, filter: TitleFilter): number[] {
  const needle = q.toLowerCase();
  const holds = (value: string | null) => value !== null && value.toLowerCase().includes(needle);
  return cards
    .filter((card) => card.id > filter.afterId)
    .filter((card) => filter.drums === undefined || card.drums === filter.drums)
    .filter((card) => !filter.instruments || filter.instruments.every((i) => card.instruments.includes(i)))
    .filter((card) => holds(card.title) || holds(card.key))
    .map((card) => card.id)
    .sort((a, z) => a - z)
    .slice(0, filter.limit);
}

/** The page as the service makes it: the index's answer, the undecided cards judged as SQL would. */
function answer(index: TitleIndex, cards: readonly SongCard[], q: string, filter: TitleFilter): number[] {
  const found = index.search(q, filter);
  if (!found) return reference(cards, q, filter);
  const confirmed = new Set(reference(found.undecided, q, { afterId: 0, limit: Infinity }));
  const page = withConfirmed(found, confirmed, filter.limit).map((card) => card.id);
  if (found.decidedTo === undefined || page.length === filter.limit) return page;
  return [...page, ...reference(cards, q, { ...filter, afterId: found.decidedTo, limit: filter.limit - page.length })];
}

/** Queries cut from the cards' own text, case flipped now and then, and some made up. */
function queriesFrom(cards: readonly SongCard[], made: readonly string[]): string[] {
  const cut = cards.flatMap((card, i) => {
    const source = [card.title ?? '', card.key][i % 2];
    const start = i % Math.max(1, source.length);
    const piece = source.slice(start, start + 1 + (i % 5));
    return piece ? [i % 3 === 0 ? piece.toUpperCase() : piece] : [];
  });
  return [...cut, ...made].filter((q) => q.length > 0);
}

const SMALL_LISTS: TitleIndexOptions = { denseShare: 0.3, denseMin: 2, scanBudget: Infinity };
/** A scan that stops after a few cards, so SQL finds the rest of most pages. */
const SHORT_SCANS: TitleIndexOptions = { denseShare: 1, denseMin: 1024, scanBudget: 3 };

describe('TitleIndex', () => {
  it('answers every search as ILIKE does, built at once or card by card, after upserts and removals', () => {
    fc.assert(
      fc.property(
        cardsArbitrary,
        fc.array(text(4), { maxLength: 8 }),
        fc.array(filterArbitrary, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom<TitleIndexOptions | undefined>(undefined, SMALL_LISTS, SHORT_SCANS),
        fc.array(fc.tuple(fc.nat(), text(12)), { maxLength: 10 }),
        (generated, made, filters, oneByOne, options, changes) => {
          const cards = new Map<number, SongCard>(generated.map((card) => [card.id, card]));
          const ids = [...cards.keys()];
          const index = oneByOne ? new TitleIndex(options) : TitleIndex.from(cards.values(), options);
          if (oneByOne) for (const card of cards.values()) index.upsert(card);
          // A change retitles a card, or flips its drums under the same title, or drops it; dropped
          // ids may come back.
          changes.forEach(([pick, title], i) => {
            const id = ids[pick % ids.length];
            const old = cards.get(id) ?? generated[0];
            if (i % 3 === 2) {
              cards.delete(id);
              index.remove(id);
            } else {
              const card = i % 3 === 0 ? { ...old, id, title } : { ...old, id, drums: !old.drums };
              cards.set(id, card);
              index.upsert(card);
            }
          });
          const current = [...cards.values()];
          for (const q of queriesFrom(current, made)) {
            for (const filter of filters) {
              expect(answer(index, current, q, filter), `q=${JSON.stringify(q)}`).toEqual(
                reference(current, q, filter),
              );
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pages through a search from its cursors as one long answer', () => {
    const cards = Array.from({ length: 3000 }, (_, i) => ({
      id: 2 * i + 1,
      key: `lakh/${(i * 2654435761).toString(16)}.mid`,
      title: i % 7 === 0 ? null : `Blue ${['River', 'Road_Trip', '100%'][i % 3]} ${i}`,
      drums: i % 2 === 0,
      instruments: [i % 5],
    }));
    const index = TitleIndex.from(cards);
    for (const q of ['blue', 'road_trip 1', '100%', 'ROAD', 'd_t', '%', 'a1', '.mid', 'lakh/1']) {
      const seen: number[] = [];
      let afterId = 0;
      for (;;) {
        const { matches } = index.search(q, { afterId, limit: 50 })!;
        seen.push(...matches.map((card) => card.id));
        if (matches.length < 50) break;
        afterId = matches[matches.length - 1].id;
      }
      expect(seen, q).toEqual(reference(cards, q, { afterId: 0, limit: Infinity }));
    }
  });

  it('finds no card for a needle with NUL, which no title or key can hold, nor across title and key', () => {
    const cards = [{ id: 1, key: 'cd.mid', title: 'ab', drums: false, instruments: [] }];
    const index = TitleIndex.from(cards);
    for (const q of ['\u0000', 'b\u0000', 'b\u0000c', '\u0000cd']) {
      expect(index.search(q, { afterId: 0, limit: 5 })!.matches, JSON.stringify(q)).toEqual([]);
    }
    expect(index.search('ab', { afterId: 0, limit: 5 })!.matches.map((card) => card.id)).toEqual([1]);
  });

  it('leaves queries beyond ASCII to SQL, and cards with İ or K to SQL to judge', () => {
    const cards = [
      { id: 1, key: 'a.mid', title: 'İstanbul', drums: false, instruments: [] },
      { id: 2, key: 'b.mid', title: 'istanbul', drums: false, instruments: [] },
      { id: 3, key: 'c.mid', title: 'Été', drums: false, instruments: [] },
    ];
    const index = TitleIndex.from(cards);
    expect(index.search('été', { afterId: 0, limit: 5 })).toBeUndefined();
    const found = index.search('stan', { afterId: 0, limit: 5 })!;
    expect(found.matches.map((card) => card.id)).toEqual([2]);
    expect(found.undecided.map((card) => card.id)).toEqual([1]);
    expect(index.search('t', { afterId: 0, limit: 5 })!.matches.map((card) => card.id)).toEqual([2, 3]);
  });
});
