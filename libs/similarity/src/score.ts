/*
 * Scores are kept as the exact fraction shared/union and compared by cross-multiplication: 1/3 and 2/6
 * must tie so that the shared-count and id tie-breaks decide, which floats do not guarantee. Both terms
 * are at most 129, so the products are small exact integers.
 */

/** Positive when sharedA/unionA is the greater score, 0 when equal, negative when smaller. */
export function compareScores(sharedA: number, unionA: number, sharedB: number, unionB: number): number {
  return sharedA * unionB - sharedB * unionA;
}

/** The score as reported: shared/union rounded to 6 decimals (display only, never used to order). */
export function displayScore(shared: number, union: number): number {
  return union === 0 ? 0 : Math.round((shared / union) * 1e6) / 1e6;
}
