import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RANGE_BITS, type RangeTally, type Tally } from './id-tally';

/**
 * The catalog's song ids as the index's refresh compares them: a tally of the whole table (an index-only
 * scan of the primary key, a few milliseconds at Lakh size) at every refresh, per-range tallies and the
 * ids of a few ranges only when it differs.
 */
@Injectable()
export class CatalogIdsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async tally(): Promise<Tally> {
    return this.dataSource.transaction(async (manager) => {
      // Every second, two parallel workers would be started for a scan one backend does in milliseconds.
      await manager.query(`set local max_parallel_workers_per_gather = 0`);
      const [row]: Array<{ songs: string; id_sum: string }> = await manager.query(
        `select count(*) as songs, coalesce(sum(id), 0)::text as id_sum from songs`,
      );
      return { songs: Number(row.songs), idSum: Number(row.id_sum) };
    });
  }

  async rangeTallies(): Promise<RangeTally[]> {
    const rows: Array<{ range: string; songs: string; id_sum: string }> = await this.dataSource.query(
      `select id >> $1 as range, count(*) as songs, sum(id)::text as id_sum from songs group by 1`,
      [RANGE_BITS],
    );
    return rows.map((row) => ({ range: Number(row.range), songs: Number(row.songs), idSum: Number(row.id_sum) }));
  }

  /** The ids in these ranges, each read by its own range of the primary key. */
  async idsInRanges(ranges: readonly number[]): Promise<number[]> {
    if (ranges.length === 0) return [];
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `select s.id from unnest($1::int8[]) as r(range)
         join songs s on s.id >= r.range << $2 and s.id < (r.range + 1) << $2`,
      [ranges, RANGE_BITS],
    );
    return rows.map((row) => Number(row.id));
  }
}
