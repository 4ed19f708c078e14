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
export function pageOf(rows: readonly SongRow[], limit: number): SongPageDto {
  const items = rows.slice(0, limit).map(summaryOf);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}
