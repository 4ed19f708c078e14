import type { Random } from '@scale/midi-generator';
import { BASS_PROGRAMS, isBass, PROGRAM_WEIGHTS } from './program-weights';
import { pickWeighted, seededRandom } from './seeded';

/*
 * Songs are drawn from a pool of arrangements (the melodic programs of a line-up) whose popularity
 * follows a Zipf-Mandelbrot law: a few line-ups (solo piano, piano + bass + guitar + strings...)
 * are shared by thousands of songs, as covers, versions and genre conventions make them in real
 * collections, while the long tail and the per-song variations keep most sets rare. Independent
 * draws per song would make nearly every set of seven instruments unique.
 */

/** Arrangements in the pool; fixed so that a song's instruments do not depend on the catalog size. */
export const ARRANGEMENT_COUNT = 60_000;
const ZIPF_EXPONENT = 1.0;
/** Flattens the head: the most popular arrangement gets a few percent of the songs, not a tenth. */
const ZIPF_OFFSET = 12;

/**
 * Relative frequency of 1, 2, ... 20 melodic programs in an arrangement: a median of 7, solo and
 * duo pieces common enough to matter, and a tail of orchestral and medley files.
 */
// prettier-ignore
export const MELODIC_COUNT_WEIGHTS: readonly number[] = [
  6, 4, 5, 7, 9, 11, 11, 10, 9, 7, 5.5, 4.5, 3.5, 2.5, 2, 1.5, 1, 0.7, 0.5, 0.4,
];
export const MAX_MELODIC_PROGRAMS = MELODIC_COUNT_WEIGHTS.length;

/** Share of solo pieces that are for piano: most one-instrument files in such collections are. */
const SOLO_PIANO_SHARE = 0.6;
/** Share of arrangements of three or more parts with a bass line; the rest are classical and the like. */
const BASS_LINE_SHARE = 0.85;
/** A second bass is unusual: once the line-up has (or deliberately lacks) one, basses weigh this much less. */
const EXTRA_BASS_FACTOR = 0.15;
const ARRANGEMENT_STREAM = 1;

let cumulativePopularity: Float64Array | undefined;

/** The rank of an arrangement, most popular first, drawn by popularity. */
export function pickArrangementRank(random: Random): number {
  const cumulative = (cumulativePopularity ??= popularity());
  const target = random.next() * cumulative[cumulative.length - 1];
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

function popularity(): Float64Array {
  const cumulative = new Float64Array(ARRANGEMENT_COUNT);
  let sum = 0;
  for (let rank = 0; rank < ARRANGEMENT_COUNT; rank++) {
    sum += 1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT;
    cumulative[rank] = sum;
  }
  return cumulative;
}

/** The seed's arrangements, built on first use: a catalog touches each popular one many times. */
export class ArrangementPool {
  private readonly built = new Map<number, readonly number[]>();

  constructor(private readonly seed: number) {}

  /** Melodic programs of the arrangement at `rank`, ascending. */
  programs(rank: number): readonly number[] {
    let programs = this.built.get(rank);
    if (!programs) {
      programs = buildArrangement(seededRandom(this.seed, ARRANGEMENT_STREAM, rank));
      this.built.set(rank, programs);
    }
    return programs;
  }
}

function buildArrangement(random: Random): number[] {
  const size = 1 + random.weighted(MELODIC_COUNT_WEIGHTS);
  const weights = Float64Array.from(PROGRAM_WEIGHTS);
  if (size === 1) return [random.next() < SOLO_PIANO_SHARE ? 0 : pickWeighted(random, weights, sum(weights))];
  const programs: number[] = [];
  if (size >= 3 && random.next() < BASS_LINE_SHARE) {
    const basses = weights.map((weight, program) => (isBass(program) ? weight : 0));
    programs.push(pickWeighted(random, basses, sum(basses)));
  }
  for (let program = BASS_PROGRAMS.first; program <= BASS_PROGRAMS.last; program++) {
    weights[program] *= EXTRA_BASS_FACTOR;
  }
  for (const program of programs) weights[program] = 0;
  while (programs.length < size) {
    const program = pickWeighted(random, weights, sum(weights));
    programs.push(program);
    weights[program] = 0;
  }
  return programs.sort((a, z) => a - z);
}

function sum(weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  return total;
}

/** Draws one more program for a song's variation of its arrangement, never one it already has. */
export function pickExtraProgram(random: Random, present: ReadonlySet<number>): number {
  const weights = PROGRAM_WEIGHTS.map((weight, program) => (present.has(program) ? 0 : weight));
  return pickWeighted(random, weights, sum(weights));
}
