import type { Random } from '@scale/midi-generator';

export type RequestKind = 'search' | 'song' | 'similar';
export const REQUEST_KINDS: readonly RequestKind[] = ['search', 'song', 'similar'];

/** What users of the page do, in proportion: look for songs, open one, ask for similar ones. */
export const REQUEST_MIX: Readonly<Record<RequestKind, number>> = { search: 40, song: 30, similar: 30 };

/** A song both groups' catalogs hold, as the listings showed it. */
export interface KnownSong {
  readonly key: string;
  readonly title: string | null;
}

/**
 * One request, in terms both groups understand: song ids differ between the two catalogs, so a
 * song is named by its object key, and each group's own id for it is looked up when it is sent.
 */
export type RequestPlan =
  { readonly kind: 'search'; readonly term: string } | { readonly kind: 'song' | 'similar'; readonly key: string };

/** Matches every song's key while no song is known yet. */
export const FALLBACK_TERM = 'song';

const WEIGHTS = REQUEST_KINDS.map((kind) => REQUEST_MIX[kind]);

/** A word a person would type: one of the title's, else the file name without its extension. */
export function searchTerm(song: KnownSong, random: Random): string {
  const words = (song.title ?? '').split(/\s+/).filter((word) => /^\p{L}{3,}$/u.test(word));
  if (words.length > 0) return words[random.int(0, words.length - 1)].toLowerCase();
  const name = song.key.slice(song.key.lastIndexOf('/') + 1);
  return name.replace(/\.[^.]*$/, '') || FALLBACK_TERM;
}

/**
 * The next request of the sequence both groups receive. While no song is known to both (the
 * catalogs are still empty) every request is a search, so the rate holds from the first second.
 */
export function planRequest(random: Random, shared: readonly KnownSong[]): RequestPlan {
  const kind = REQUEST_KINDS[random.weighted(WEIGHTS)];
  if (shared.length === 0) return { kind: 'search', term: FALLBACK_TERM };
  const song = shared[random.int(0, shared.length - 1)];
  return kind === 'search' ? { kind, term: searchTerm(song, random) } : { kind, key: song.key };
}

/** The plan as a path of one group's API, or null when that group has no id for the song. */
export function requestPath(plan: RequestPlan, idOf: (key: string) => number | undefined): string | null {
  if (plan.kind === 'search') return `/api/songs?q=${encodeURIComponent(plan.term)}&limit=20`;
  const id = idOf(plan.key);
  if (id === undefined) return null;
  return plan.kind === 'song' ? `/api/songs/${id}` : `/api/songs/${id}/similar`;
}
