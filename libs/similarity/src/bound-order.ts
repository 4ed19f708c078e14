import { INSTRUMENT_COUNT } from './instrument-set';

/*
 * The order in which the search reads lists. For a query of size a, the list of sets of size b filed at
 * position p under the query's j-th rarest instrument can only hold sets, first met there, sharing at
 * most m = min(a − j, b − p) instruments, hence scoring at most m / (a + b − m). Reading lists by that
 * bound, best first, finds the strong matches early and stops at the first bound below the k-th score.
 */

const orders = new Map<number, Int32Array>();

/** (m, b) pairs, m ≤ min(a, b), as `m << 8 | b`, by bound m/(a+b−m) descending; ties larger m first. */
export function boundOrder(querySize: number): Int32Array {
  let order = orders.get(querySize);
  if (order === undefined) {
    const pairs: number[] = [];
    for (let size = 1; size <= INSTRUMENT_COUNT; size++) {
      for (let shared = 1; shared <= Math.min(querySize, size); shared++) pairs.push((shared << 8) | size);
    }
    const bound = (pair: number) => ({ m: pair >>> 8, u: querySize + (pair & 0xff) - (pair >>> 8) });
    pairs.sort((x, y) => {
      const a = bound(x);
      const z = bound(y);
      return z.m * a.u - a.m * z.u || z.m - a.m;
    });
    order = Int32Array.from(pairs);
    orders.set(querySize, order);
  }
  return order;
}
