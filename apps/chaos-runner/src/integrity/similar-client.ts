import type { SimilarAnswer } from './similar-comparison';

/**
 * Similar songs asked for per answer: more than a page shows, so that songs added since the
 * catalogs were compared (left out of the comparison) still leave enough to compare.
 */
export const SIMILAR_LIMIT = 50;
const TIMEOUT_MS = 5_000;

interface SimilarSongsBody {
  similar: Array<{ song: { key: string }; score: number; sharedCount: number }>;
}

const isSimilarSongs = (body: unknown): body is SimilarSongsBody =>
  typeof body === 'object' && body !== null && Array.isArray((body as SimilarSongsBody).similar);

/** One group's API answer for its song `id`, or what went wrong, said briefly for the report. */
export async function fetchSimilar(apiUrl: string, id: number): Promise<SimilarAnswer | { error: string }> {
  const url = `${apiUrl.replace(/\/+$/, '')}/api/songs/${id}/similar?limit=${SIMILAR_LIMIT}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) {
      await response.arrayBuffer();
      return { error: `HTTP ${response.status} from ${url}` };
    }
    const body: unknown = await response.json();
    if (!isSimilarSongs(body)) return { error: `unexpected answer from ${url}` };
    return {
      entries: body.similar.map((entry) => ({
        key: entry.song.key,
        score: entry.score,
        sharedCount: entry.sharedCount,
      })),
      truncated: body.similar.length >= SIMILAR_LIMIT,
    };
  } catch (error) {
    return { error: `${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
