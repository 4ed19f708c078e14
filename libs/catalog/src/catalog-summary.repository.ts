import { DataSource } from 'typeorm';

export interface CatalogSummary {
  readonly songs: number;
  readonly invalidObjects: number;
  readonly songsWithDrums: number;
  readonly notes: number;
  readonly distinctInstruments: number;
  readonly pendingJobs: number;
  /** Most used instruments (128 is the drum kit), by the number of songs using them. */
  readonly topInstruments: ReadonlyArray<{ instrument: number; songs: number }>;
  readonly topInvalidReasons: ReadonlyArray<{ reason: string; objects: number }>;
}

export class CatalogSummaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async summarize(bucket?: string): Promise<CatalogSummary> {
    const scope = bucket ?? null;
    const [totals]: Array<Record<string, string>> = await this.dataSource.query(
      `select (select count(*) from songs where $1::text is null or bucket = $1) as songs,
              (select count(*) from songs where drums and ($1::text is null or bucket = $1)) as drums,
              (select coalesce(sum(notes), 0) from songs where $1::text is null or bucket = $1) as notes,
              (select count(*) from invalid_objects where $1::text is null or bucket = $1) as invalid,
              (select count(*) from extraction_jobs where $1::text is null or bucket = $1) as pending`,
      [scope],
    );
    const instruments: Array<{ instrument: number; songs: string }> = await this.dataSource.query(
      `select si.instrument, count(*) as songs
         from song_instruments si join songs s on s.id = si.song_id
        where $1::text is null or s.bucket = $1
        group by si.instrument order by count(*) desc, si.instrument`,
      [scope],
    );
    const reasons: Array<{ reason: string; objects: string }> = await this.dataSource.query(
      `select reason, count(*) as objects from invalid_objects
        where $1::text is null or bucket = $1
        group by reason order by count(*) desc, reason limit 5`,
      [scope],
    );
    return {
      songs: Number(totals.songs),
      invalidObjects: Number(totals.invalid),
      songsWithDrums: Number(totals.drums),
      notes: Number(totals.notes),
      distinctInstruments: instruments.length,
      pendingJobs: Number(totals.pending),
      topInstruments: instruments.slice(0, 10).map((row) => ({ instrument: row.instrument, songs: Number(row.songs) })),
      topInvalidReasons: reasons.map((row) => ({ reason: row.reason, objects: Number(row.objects) })),
    };
  }
}
