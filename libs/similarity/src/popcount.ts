/** Set bits of a 32-bit word (SWAR: no loop, no table). */
export function popcount32(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Set bits of every 16-bit value. Two lookups per word measured about 1.5× faster than SWAR in the
 * search's inner loop (64 KiB, which stays in cache while the search runs).
 */
export const POPCOUNT16: Uint8Array = Uint8Array.from({ length: 1 << 16 }, (_, value) => popcount32(value));
