import { createRandom, type Random } from '@scale/midi-generator';

/**
 * A generator for one (seed, stream, index) triple. Every song and every arrangement gets its own,
 * so a song does not depend on how many came before it: the first 1,000 songs of a 178,561-song
 * catalog are the 1,000 songs of a 1,000-song one.
 */
export function seededRandom(seed: number, stream: number, index: number): Random {
  return createRandom(mix(mix(mix(0x9e3779b9, seed), stream), index));
}

/** murmur3's finalizer over each 32-bit half of a safe integer: neighbouring inputs give unrelated states. */
function mix(state: number, value: number): number {
  let h = state;
  for (const half of [value >>> 0, Math.floor(value / 4294967296) >>> 0]) {
    h = Math.imul(h ^ half, 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
    h = Math.imul(h, 0x1b873593);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Log-normal with the given median: durations and note rates are skewed to the right, never negative. */
export function logNormal(random: Random, median: number, sigma: number): number {
  // Box-Muller; 1 - next() keeps the logarithm away from zero.
  const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  return median * Math.exp(sigma * normal);
}

/** Index drawn in proportion to its weight; weights may be a scratch copy with zeroed entries. */
export function pickWeighted(random: Random, weights: ArrayLike<number>, total: number): number {
  let pick = random.next() * total;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] <= 0) continue;
    last = i;
    pick -= weights[i];
    if (pick < 0) return i;
  }
  // Rounding can leave a sliver at the end: it belongs to the last index still in play.
  return last;
}
