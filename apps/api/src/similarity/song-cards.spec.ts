import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiLower, isAscii } from '../search/search-text';
import { SongCards, type SongCard } from './song-cards';

/** Text of every width UTF-8 has: ASCII in both cases, Latin-1, İ and the Kelvin sign, CJK, emoji. */
const ALPHABET = ['a', 'B', 'c', 'Z', ' ', '/', '.', 'é', 'É', 'İ', '\u212a', '音', '楽', '🎸', '🥁'];
const text = (maxLength: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((characters) => characters.join(''));

const cardArbitrary = fc.record({
  id: fc.integer({ min: 1, max: 40 }),
  key: text(12),
  title: fc.option(text(16), { nil: null }),
  drums: fc.boolean(),
  instruments: fc.array(fc.integer({ min: 0, max: 128 }), { maxLength: 6 }),
});

/** A card set, or the deletion of an id. */
const changeArbitrary = fc.oneof(
  cardArbitrary,
  fc.integer({ min: 1, max: 40 }).map((id) => ({ delete: id })),
);

const holdsPlainly = (card: SongCard, needle: string) =>
  (card.title !== null && asciiLower(card.title).includes(needle)) || asciiLower(card.key).includes(needle);

describe('SongCards', () => {
  it('gives back every card as it was set, through replacements, deletions and compactions', () => {
    fc.assert(
      fc.property(
        fc.array(changeArbitrary, { maxLength: 80 }),
        fc.array(fc.constantFrom('a', 'b', 'z', 'c ', '/', 'ab', 'é', ''), { maxLength: 4 }),
        fc.constantFrom(0, 64, 1 << 20),
        (changes, needles, compactMinDead) => {
          const store = new SongCards(compactMinDead);
          const reference = new Map<number, SongCard>();
          for (const change of changes) {
            if ('delete' in change) {
              expect(store.delete(change.delete)).toBe(reference.delete(change.delete));
            } else {
              store.set(change);
              reference.set(change.id, change);
            }
          }
          expect(store.size).toBe(reference.size);
          expect([...store.values()]).toEqual([...reference.values()].sort((a, z) => a.id - z.id));
          for (let id = 1; id <= 40; id++) {
            const card = reference.get(id);
            expect(store.get(id)).toEqual(card);
            expect(store.has(id)).toBe(card !== undefined);
            if (!card) continue;
            const slot = store.slotOf(id);
            for (const needle of needles) {
              const lowered = asciiLower(needle);
              if (lowered !== needle || !isAscii(needle)) continue;
              expect(store.holds(slot, Buffer.from(needle, 'latin1')), needle).toBe(holdsPlainly(card, needle));
            }
            const wanted = card.instruments.slice(0, 2);
            expect(store.passes(slot, card.drums, wanted)).toBe(true);
            expect(store.passes(slot, !card.drums, undefined)).toBe(false);
            expect(store.passes(slot, undefined, [...wanted, 200])).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a needle in the title or the key but not across the two', () => {
    const store = SongCards.of([{ id: 7, key: 'Midi/Blue.MID', title: 'River Song', drums: true, instruments: [0] }]);
    const holds = (needle: string) => store.holds(store.slotOf(7), Buffer.from(needle, 'latin1'));
    expect(holds('river')).toBe(true);
    expect(holds('blue.mid')).toBe(true);
    expect(holds('.midriver')).toBe(false);
    expect(holds('songmidi')).toBe(false);
  });

  it('refuses an instrument a byte cannot hold, and keeps the card it had', () => {
    const store = SongCards.of([{ id: 1, key: 'a.mid', title: null, drums: false, instruments: [3] }]);
    expect(() => store.set({ id: 1, key: 'b.mid', title: 'B', drums: true, instruments: [256] })).toThrow(
      'song 1: instrument 256 is not 0-255',
    );
    expect(store.get(1)).toEqual({ id: 1, key: 'a.mid', title: null, drums: false, instruments: [3] });
  });
});
