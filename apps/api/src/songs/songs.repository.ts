import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SongRow {
  id: string;
  bucket: string;
  object_key: string;
  title: string | null;
  format: number;
  tracks: number;
  duration_seconds: number;
  notes: number;
  drums: boolean;
  instruments: number[];
  extracted_at: Date;
}

export interface ChangedSong {
  id: string;
  object_key: string;
  title: string | null;
  drums: boolean;
  instruments: number[];
}

export interface SongFilter {
  readonly q?: string;
  readonly instruments?: readonly number[];
  readonly drums?: boolean;
  readonly afterId: number;
  readonly limit: number;
}

export interface SqlSimilarRow {
  id: string;
  shared: number[];
  shared_count: number;
  score: number;
}

/** The columns of a SongRow, qualified by `alias` when the query joins other tables. */
export const songColumns = (alias = '') =>
  [
    'id',
    'bucket',
    'object_key',
    'title',
    'format',
    'tracks',
    'duration_seconds',
    'notes',
    'drums',
    'instruments',
    'extracted_at',
  ]
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');
const SONG_COLUMNS = songColumns();

/** Escapes LIKE wildcards so a search for "100%" finds "100%", not everything. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The songs' SQL. Every value travels as a bind parameter; nothing is spliced into the text. */
@Injectable()
export class SongsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Only the filters given are in the statement, so its plan never rests on Postgres folding away
   * `$n is null or …` for the values of one call: a search is then free to use the trigram indexes.
   */
  async find(filter: SongFilter): Promise<SongRow[]> {
    const parameters: unknown[] = [filter.afterId];
    const where = ['id > $1'];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    if (filter.q) {
      const pattern = bind(likePattern(filter.q));
      where.push(`(title ilike ${pattern} or object_key ilike ${pattern})`);
    }
    if (filter.instruments?.length) where.push(`instruments @> ${bind(filter.instruments)}::smallint[]`);
    if (filter.drums !== undefined) where.push(`drums = ${bind(filter.drums)}`);
    return this.dataSource.query(
      `select ${SONG_COLUMNS}
         from songs
        where ${where.join(' and ')}
        order by id
        limit ${bind(filter.limit)}`,
      parameters,
    );
  }

  /** Which of `ids` hold `q` in their title or key by `ILIKE`: the in-memory search's undecided cards. */
  async matchingIds(q: string, ids: readonly number[]): Promise<Set<number>> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `select id from songs
        where id = any($1::bigint[]) and (title ilike $2 or object_key ilike $2)`,
      [ids, likePattern(q)],
    );
    return new Set(rows.map((row) => Number(row.id)));
  }

  async findById(id: number): Promise<SongRow | undefined> {
    const rows: SongRow[] = await this.dataSource.query(
      `select ${SONG_COLUMNS}
         from songs where id = $1`,
      [id],
    );
    return rows[0];
  }

  async instrumentNotes(id: number): Promise<Array<{ instrument: number; notes: number }>> {
    return this.dataSource.query(
      `select instrument, notes from song_instruments where song_id = $1 order by instrument`,
      [id],
    );
  }

  async findByIds(ids: readonly number[]): Promise<SongRow[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `select ${SONG_COLUMNS}
         from songs where id = any($1::bigint[])`,
      [ids],
    );
  }

  /**
   * The straightforward SQL answer to "similar songs": join the song's instruments to every other
   * song's, count the shared ones, score by Jaccard, order exactly (score as a ratio, then shared
   * count, then id). Kept as the reference the in-memory index is checked and measured against.
   */
  async similarBySql(id: number, limit: number, minShared: number): Promise<SqlSimilarRow[]> {
    return this.dataSource.query(
      `with query as (select instrument from song_instruments where song_id = $1),
            size as (select count(*) as n from query)
       select other.song_id as id,
              array_agg(other.instrument order by other.instrument)::int[] as shared,
              count(*)::int as shared_count,
              count(*)::float8 / (size.n + cardinality(s.instruments) - count(*)) as score
         from song_instruments other
         join query on query.instrument = other.instrument
         join songs s on s.id = other.song_id
         cross join size
        where other.song_id <> $1
        group by other.song_id, s.instruments, size.n
       having count(*) >= $3
        order by count(*)::numeric / (size.n + cardinality(s.instruments) - count(*)) desc, count(*) desc, other.song_id
        limit $2`,
      [id, limit, minShared],
    );
  }

  /**
   * Songs written or replaced since `since` (with their sets), for the similarity index, and the
   * database's clock when the read began, which is where the next read starts.
   */
  async changedSince(since: Date | null): Promise<{ readAt: Date; rows: ChangedSong[] }> {
    const [{ now }]: Array<{ now: Date }> = await this.dataSource.query(`select now()`);
    const rows: ChangedSong[] = await this.dataSource.query(
      `select id, object_key, title, drums, instruments from songs
        where $1::timestamptz is null or extracted_at > $1::timestamptz
        order by id`,
      [since],
    );
    return { readAt: now, rows };
  }

  async allIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(`select id from songs`);
    return rows.map((row) => row.id);
  }

  async count(): Promise<number> {
    const [row]: Array<{ n: string }> = await this.dataSource.query(`select count(*) as n from songs`);
    return Number(row.n);
  }
}
