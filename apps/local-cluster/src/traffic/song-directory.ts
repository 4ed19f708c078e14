import type { KnownSong } from './request-plan';

/** One page of `GET /api/songs`, as much of it as the directory reads. */
export interface SongPage {
  readonly items: ReadonlyArray<{ readonly id: number; readonly key: string; readonly title: string | null }>;
  readonly nextCursor: string | null;
}

/** Songs a directory remembers at most; past it the earliest learned are forgotten first. */
export const DIRECTORY_CAPACITY = 20_000;

/**
 * What one group's API has listed: object key to that group's song id. The listing is ordered by
 * id and songs are only ever appended, so the directory reads it forward from where it stopped;
 * the last page, partial, is read again next time (the cursor stays the API's own, opaque).
 */
export class SongDirectory {
  private readonly songs = new Map<string, { readonly id: number; readonly title: string | null }>();
  private resumeAt: string | undefined;

  constructor(private readonly capacity = DIRECTORY_CAPACITY) {}

  get size(): number {
    return this.songs.size;
  }

  /** The cursor the next read starts from (undefined: the first page). */
  get cursor(): string | undefined {
    return this.resumeAt;
  }

  idOf(key: string): number | undefined {
    return this.songs.get(key)?.id;
  }

  titleOf(key: string): string | null | undefined {
    return this.songs.get(key)?.title;
  }

  keys(): IterableIterator<string> {
    return this.songs.keys();
  }

  /**
   * Learns the page read at `cursor`; returns true when another full page follows. A partial page
   * keeps the cursor where it was, so songs added after it are found by the next read.
   */
  learn(page: SongPage, cursor: string | undefined): boolean {
    for (const item of page.items) {
      this.songs.delete(item.key);
      this.songs.set(item.key, { id: item.id, title: item.title });
    }
    while (this.songs.size > this.capacity) this.songs.delete(this.songs.keys().next().value as string);
    if (page.nextCursor === null) {
      this.resumeAt = cursor;
      return false;
    }
    this.resumeAt = page.nextCursor;
    return true;
  }
}

/** Songs both directories know, in key order, so one seeded sequence picks the same songs every run. */
export function sharedSongs(first: SongDirectory, second: SongDirectory): KnownSong[] {
  const [small, large] = first.size <= second.size ? [first, second] : [second, first];
  const shared: KnownSong[] = [];
  for (const key of small.keys()) {
    if (large.idOf(key) !== undefined) shared.push({ key, title: first.titleOf(key) ?? null });
  }
  return shared.sort((a, z) => (a.key < z.key ? -1 : a.key > z.key ? 1 : 0));
}
