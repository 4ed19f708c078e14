/** One similar song of an answer, named by its object key (ids differ between the groups). */
export interface SimilarEntry {
  readonly key: string;
  readonly score: number;
  readonly sharedCount: number;
}

export interface SimilarAnswer {
  /** In the API's order. */
  readonly entries: readonly SimilarEntry[];
  /** The API returned as many entries as asked for, so more songs may follow. */
  readonly truncated: boolean;
}

const sameRank = (a: SimilarEntry, z: SimilarEntry) => a.score === z.score && a.sharedCount === z.sharedCount;

function sameKeys(a: readonly SimilarEntry[], z: readonly SimilarEntry[]): boolean {
  const keys = new Set(a.map((entry) => entry.key));
  return a.length === z.length && z.every((entry) => keys.has(entry.key));
}

function keysWithin(inner: readonly SimilarEntry[], outer: readonly SimilarEntry[]): boolean {
  const keys = new Set(outer.map((entry) => entry.key));
  return inner.every((entry) => keys.has(entry.key));
}

/**
 * Whether two groups' similar-songs answers for one song are the same answer. Only `comparable`
 * songs count (those both catalogs were compared on; songs added since rank in one group before
 * the other has them), which leaves each answer a prefix of the same ranking of those songs.
 * The API breaks ties by song id, and ids differ between the groups, so songs of equal rank
 * (score and shared count) are compared as sets: every run of equal rank must hold the same
 * songs, except the run cut by a truncated answer, whose songs need only be among the other's.
 */
export function similarAnswersAgree(
  control: SimilarAnswer,
  experiment: SimilarAnswer,
  comparable: (key: string) => boolean,
): boolean {
  const sides = [control, experiment].map((answer) => ({
    entries: answer.entries.filter((entry) => comparable(entry.key)),
    truncated: answer.truncated,
  }));
  const [first, second] = sides;
  const length = Math.min(first.entries.length, second.entries.length);
  // A complete answer (not truncated) shorter than the other lacks songs.
  if (
    sides.some((side) => !side.truncated && side.entries.length === length) &&
    first.entries.length !== second.entries.length
  ) {
    return false;
  }
  for (let i = 0; i < length; i++) if (!sameRank(first.entries[i], second.entries[i])) return false;

  let start = 0;
  while (start < length) {
    let end = start + 1;
    while (end < length && sameRank(first.entries[end], first.entries[start])) end++;
    if (end < length) {
      if (!sameKeys(first.entries.slice(start, end), second.entries.slice(start, end))) return false;
    } else {
      // The last run, as far as each side shows it (the longer side may show more of it), is
      // whole when another rank follows it or the answer is complete.
      const runs = sides.map((side) => {
        let runEnd = start;
        while (runEnd < side.entries.length && sameRank(side.entries[runEnd], side.entries[start])) runEnd++;
        return { entries: side.entries.slice(start, runEnd), whole: runEnd < side.entries.length || !side.truncated };
      });
      const [a, z] = runs;
      if (a.whole && z.whole && !sameKeys(a.entries, z.entries)) return false;
      if (a.whole !== z.whole && !keysWithin((a.whole ? z : a).entries, (a.whole ? a : z).entries)) return false;
    }
    start = end;
  }
  return true;
}
