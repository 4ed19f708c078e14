/** The largest id a posting holds; a catalog past it is searched in SQL (see TitleIndex). */
export const MAX_POSTING_ID = 0xffff_ffff;

/**
 * Song ids in ascending order in a typed array: 4 bytes an id where a JS array of numbers takes 8
 * and a Set far more. Appending a new (highest) id is O(1); inserting or removing elsewhere moves
 * the tail, which a refresh does for the few songs that changed.
 */
export class SortedIds {
  private ids: Uint32Array;
  length = 0;

  constructor(capacity = 4) {
    this.ids = new Uint32Array(capacity);
  }

  at(index: number): number {
    return this.ids[index];
  }

  /** The first index whose id is greater than `id`. */
  upperBound(id: number, from = 0): number {
    let low = from;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ids[middle] <= id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first index at or after `from` whose id is at least `id`, galloping: cheap when it is near. */
  seek(id: number, from: number): number {
    let step = 1;
    let low = from;
    let high = from;
    while (high < this.length && this.ids[high] < id) {
      low = high + 1;
      high += step;
      step *= 2;
    }
    high = Math.min(high, this.length);
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ids[middle] < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  add(id: number): void {
    if (this.length === this.ids.length) this.grow();
    if (this.length === 0 || this.ids[this.length - 1] < id) {
      this.ids[this.length++] = id;
      return;
    }
    const at = this.upperBound(id - 1);
    if (this.ids[at] === id) return;
    this.ids.copyWithin(at + 1, at, this.length);
    this.ids[at] = id;
    this.length++;
  }

  remove(id: number): void {
    const at = this.upperBound(id - 1);
    if (at >= this.length || this.ids[at] !== id) return;
    this.ids.copyWithin(at, at + 1, this.length);
    this.length--;
  }

  /** Gives back the spare capacity once a bulk load is done. */
  trim(): void {
    if (this.ids.length > this.length) this.ids = this.ids.slice(0, this.length);
  }

  get bytes(): number {
    return this.ids.byteLength;
  }

  private grow(): void {
    const bigger = new Uint32Array(Math.max(4, Math.ceil(this.ids.length * 1.5)));
    bigger.set(this.ids);
    this.ids = bigger;
  }
}
