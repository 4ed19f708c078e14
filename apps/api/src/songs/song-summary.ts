import { encodeCursor } from '../common/cursor';
import type { SongPageDto, SongSummaryDto } from './dto/song.dto';
import type { SongRow } from './songs.repository';

/** A catalog row as the API lists it. */
export const summaryOf = (row: SongRow): SongSummaryDto => ({
  id: Number(row.id),
  key: row.object_key,
  title: row.title,
  drums: row.drums,
  instruments: row.instruments,
});

/** One page of songs from `limit + 1` rows: the extra row only says that another page exists. */
export const pageOf = (rows: readonly SongRow[], limit: number): SongPageDto =>
  pageOfSummaries(rows.slice(0, limit + 1).map(summaryOf), limit);

/** The same page from songs already summarized (the in-memory search's cards). */
export function pageOfSummaries(summaries: readonly SongSummaryDto[], limit: number): SongPageDto {
  const items = summaries.slice(0, limit);
  return { items, nextCursor: summaries.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}
