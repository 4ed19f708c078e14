import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DRUM_KIT,
  intersection,
  intersectionSize,
  jaccard,
  maskInstruments,
  maskSize,
  normalizeInstruments,
  popcount32,
  toMask,
} from './instrument-set';
import { POPCOUNT16 } from './popcount';

const instrumentSet = fc.uniqueArray(fc.integer({ min: 0, max: DRUM_KIT }), { maxLength: 40 });

function naivePopcount(word: number): number {
  let count = 0;
  for (let bit = 0; bit < 32; bit++) if ((word >>> bit) & 1) count++;
  return count;
}

describe('instrument masks', () => {
  it('puts the drum kit in the fifth word, alone', () => {
    const mask = toMask([0, 31, 32, 127, DRUM_KIT]);
    expect(Array.from(mask)).toEqual([0x80000001, 1, 0, 0x80000000, 1]);
    expect(maskSize(mask)).toBe(5);
  });

  it('round-trips any set, ascending', () => {
    fc.assert(
      fc.property(instrumentSet, (set) => {
        const sorted = [...set].sort((a, z) => a - z);
        expect(maskInstruments(toMask(set))).toEqual(sorted);
        expect(maskSize(toMask(set))).toBe(set.length);
      }),
    );
  });

  it('counts bits like the obvious loop, signed or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (word) => {
        expect(popcount32(word)).toBe(naivePopcount(word >>> 0));
      }),
    );
    for (const value of [0, 1, 0xffff, 0x8000, 0x5555]) expect(POPCOUNT16[value]).toBe(naivePopcount(value));
  });

  it('intersects and scores like sets do', () => {
    fc.assert(
      fc.property(instrumentSet, instrumentSet, (a, b) => {
        const shared = a.filter((x) => b.includes(x)).sort((x, z) => x - z);
        const union = new Set([...a, ...b]).size;
        expect(intersection(toMask(a), toMask(b))).toEqual(shared);
        expect(intersectionSize(toMask(a), toMask(b))).toBe(shared.length);
        expect(jaccard(toMask(a), toMask(b))).toBe(union === 0 ? 0 : shared.length / union);
      }),
    );
  });

  it('gives two empty sets a similarity of 0, not NaN', () => {
    expect(jaccard(toMask([]), toMask([]))).toBe(0);
  });
});

describe('normalizeInstruments', () => {
  it('sorts and drops duplicates', () => {
    expect(normalizeInstruments([DRUM_KIT, 5, 0, 5])).toEqual([0, 5, DRUM_KIT]);
    expect(normalizeInstruments([])).toEqual([]);
  });

  it('copies an already ascending set rather than handing back the caller array', () => {
    const set = [1, 2, 3];
    expect(normalizeInstruments(set)).not.toBe(set);
  });

  it('refuses what is not an instrument', () => {
    for (const bad of [-1, 129, 1.5, Number.NaN]) expect(() => normalizeInstruments([1, bad])).toThrow(RangeError);
  });
});
