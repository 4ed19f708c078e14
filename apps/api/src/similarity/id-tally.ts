/** Songs per range of ids: a deletion is found by comparing ranges, then read back in the few that differ. */
export const RANGE_BITS = 12;

/** Songs and the sum of their ids, over the catalog or one range of ids. */
export interface Tally {
  readonly songs: number;
  readonly idSum: number;
}

export interface RangeTally extends Tally {
  readonly range: number;
}

/**
 * The ids the index holds, summed up as the database can sum them cheaply: in all and per range of
 * 4,096 ids. A deleted row lowers both the count and the sum; a row added by a later refresh cannot
 * hide one, ids being assigned in increasing order, unless its id happens to equal the deleted ones'
 * sum. Sums stay exact in doubles while they are below 2^53 (ids below ~5·10^10 at Lakh size).
 */
export class IdTally {
  private songs = 0;
  private idSum = 0;
  private readonly ranges = new Map<number, { songs: number; idSum: number }>();

  add(id: number): void {
    this.change(id, 1);
  }

  remove(id: number): void {
    this.change(id, -1);
  }

  /** Whether the database's tally matches the index's. */
  matches(tally: Tally): boolean {
    return tally.songs === this.songs && tally.idSum === this.idSum;
  }

  /** Ranges whose tally differs from the database's, those only the index has included. */
  differingRanges(tallies: readonly RangeTally[]): number[] {
    const differing = new Set(this.ranges.keys());
    for (const { range, songs, idSum } of tallies) {
      const own = this.ranges.get(range);
      if (own && own.songs === songs && own.idSum === idSum) differing.delete(range);
      else differing.add(range);
    }
    return [...differing].sort((a, z) => a - z);
  }

  private change(id: number, sign: 1 | -1): void {
    this.songs += sign;
    this.idSum += sign * id;
    const range = Math.floor(id / 2 ** RANGE_BITS);
    const own = this.ranges.get(range) ?? { songs: 0, idSum: 0 };
    own.songs += sign;
    own.idSum += sign * id;
    if (own.songs === 0) this.ranges.delete(range);
    else this.ranges.set(range, own);
  }
}
