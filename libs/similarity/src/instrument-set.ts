/*
 * A song's instrument set as a 129-bit mask: General MIDI programs 0–127 and the drum kit (128), the
 * catalog's `songs.instruments` encoding. Five 32-bit words (the fifth holds only the drum kit) make an
 * intersection five ANDs and popcounts, with no allocation.
 */

import { popcount32 } from './popcount';

export { popcount32 };

/** The drum kit, after the 128 programs (the catalog's DRUM_KIT_INSTRUMENT, repeated so this lib stays free of I/O code). */
export const DRUM_KIT = 128;
/** Instruments a set can hold: the programs and the drum kit. */
export const INSTRUMENT_COUNT = 129;
/** 32-bit words in a mask. */
export const MASK_WORDS = 5;

/** A mask of MASK_WORDS words; bit `i % 32` of word `i >>> 5` is instrument `i`. */
export type InstrumentMask = Uint32Array;

/**
 * The set's instruments ascending without duplicates. Accepts any order (Postgres gives ascending arrays,
 * callers building sets by hand may not); refuses anything that is not an instrument, because a bad value
 * would silently corrupt every score it takes part in.
 */
export function normalizeInstruments(instruments: readonly number[]): number[] {
  let ascending = true;
  for (let i = 0; i < instruments.length; i++) {
    const instrument = instruments[i];
    if (!Number.isInteger(instrument) || instrument < 0 || instrument >= INSTRUMENT_COUNT) {
      throw new RangeError(`not an instrument (0–${INSTRUMENT_COUNT - 1}): ${instrument}`);
    }
    if (i > 0 && instrument <= instruments[i - 1]) ascending = false;
  }
  if (ascending) return instruments.slice();
  return [...new Set(instruments)].sort((a, z) => a - z);
}

export function toMask(instruments: readonly number[]): InstrumentMask {
  const mask = new Uint32Array(MASK_WORDS);
  for (const instrument of normalizeInstruments(instruments)) mask[instrument >>> 5] |= 1 << (instrument & 31);
  return mask;
}

/** The instruments of a mask, ascending. */
export function maskInstruments(mask: InstrumentMask): number[] {
  const instruments: number[] = [];
  for (let word = 0; word < MASK_WORDS; word++) {
    let bits = mask[word];
    while (bits !== 0) {
      const low = bits & -bits;
      instruments.push(word * 32 + 31 - Math.clz32(low));
      bits ^= low;
    }
  }
  return instruments;
}

export function maskSize(mask: InstrumentMask): number {
  return popcount32(mask[0]) + popcount32(mask[1]) + popcount32(mask[2]) + popcount32(mask[3]) + popcount32(mask[4]);
}

export function intersectionSize(a: InstrumentMask, b: InstrumentMask): number {
  return (
    popcount32(a[0] & b[0]) +
    popcount32(a[1] & b[1]) +
    popcount32(a[2] & b[2]) +
    popcount32(a[3] & b[3]) +
    popcount32(a[4] & b[4])
  );
}

/** The instruments both masks hold, ascending. */
export function intersection(a: InstrumentMask, b: InstrumentMask): number[] {
  const both = new Uint32Array(MASK_WORDS);
  for (let word = 0; word < MASK_WORDS; word++) both[word] = a[word] & b[word];
  return maskInstruments(both);
}

/**
 * |A∩B| / |A∪B| as a float, for display. Two empty sets have no defined similarity; the catalog treats
 * them as not similar at all, so this returns 0. Ordering must use `compareScores`, not this float.
 */
export function jaccard(a: InstrumentMask, b: InstrumentMask): number {
  const shared = intersectionSize(a, b);
  const union = maskSize(a) + maskSize(b) - shared;
  return union === 0 ? 0 : shared / union;
}
