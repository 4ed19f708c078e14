import { isDeepStrictEqual } from 'node:util';

/** Requests in flight: each SQL answer keeps a Postgres backend busy, and there are 2 cores. */
const CONCURRENCY = 2;

export interface Mismatch {
  readonly id: number;
  readonly detail: string;
}

export interface CorrectnessResult {
  readonly checked: number;
  readonly identical: number;
  /** Songs whose index answer had `limit` songs: a pass on empty answers would prove little. */
  readonly full: number;
  readonly mismatches: readonly Mismatch[];
  /** Median time of one answer, ms, measured one request at a time per worker. */
  readonly indexMedianMs: number;
  readonly sqlMedianMs: number;
}

interface SimilarEntry {
  readonly song: { readonly id: number };
  readonly score: number;
  readonly sharedCount: number;
}

interface SimilarBody {
  readonly song: unknown;
  readonly similar: readonly SimilarEntry[];
}

async function similar(baseUrl: string, id: number, engine: 'index' | 'sql', limit: number, signal: AbortSignal) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/songs/${id}/similar?limit=${limit}&minShared=1&engine=${engine}`, {
    signal,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  return {
    status: response.status,
    body: response.status === 200 ? (JSON.parse(text) as SimilarBody) : undefined,
    text,
    ms,
  };
}

const brief = (entry: SimilarEntry | undefined) =>
  entry ? `song ${entry.song.id} score ${entry.score} shared ${entry.sharedCount}` : 'nothing';

function difference(index: SimilarBody, sql: SimilarBody): string {
  if (!isDeepStrictEqual(index.song, sql.song)) {
    return `the song itself differs: ${JSON.stringify(index.song)} vs ${JSON.stringify(sql.song)}`;
  }
  const length = Math.max(index.similar.length, sql.similar.length);
  for (let i = 0; i < length; i++) {
    if (!isDeepStrictEqual(index.similar[i], sql.similar[i])) {
      return `#${i + 1}: index ${brief(index.similar[i])}, sql ${brief(sql.similar[i])} (index ${index.similar.length} songs, sql ${sql.similar.length})`;
    }
  }
  return 'no difference';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, z) => a - z);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}

/**
 * Asks both engines, over HTTP as a client would, for each id, and requires the same song and the
 * same `similar` array (order, scores, shared instruments, cards): the index claims to be exact.
 */
export async function compareEngines(
  baseUrl: string,
  ids: readonly number[],
  limit: number,
  signal: AbortSignal,
  /** Hears of each song compared, for a live count. */
  onCompared?: (compared: number, mismatches: number) => void,
): Promise<CorrectnessResult> {
  const mismatches: Mismatch[] = [];
  const indexMs: number[] = [];
  const sqlMs: number[] = [];
  let identical = 0;
  let full = 0;
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      signal.throwIfAborted();
      const id = ids[next++];
      const index = await similar(baseUrl, id, 'index', limit, signal);
      const sql = await similar(baseUrl, id, 'sql', limit, signal);
      indexMs.push(index.ms);
      sqlMs.push(sql.ms);
      if (index.body?.similar.length === limit) full++;
      if (!index.body || !sql.body) {
        mismatches.push({
          id,
          detail: `status index ${index.status}, sql ${sql.status}: ${(index.body ? sql : index).text.slice(0, 200)}`,
        });
      } else if (
        isDeepStrictEqual(index.body.song, sql.body.song) &&
        isDeepStrictEqual(index.body.similar, sql.body.similar)
      ) {
        identical++;
      } else {
        mismatches.push({ id, detail: difference(index.body, sql.body) });
      }
      onCompared?.(identical + mismatches.length, mismatches.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return {
    checked: ids.length,
    identical,
    full,
    mismatches,
    indexMedianMs: median(indexMs),
    sqlMedianMs: median(sqlMs),
  };
}
