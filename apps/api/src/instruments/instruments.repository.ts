import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { songColumns, type SongRow } from '../songs/songs.repository';

@Injectable()
export class InstrumentsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Songs per instrument, counted on the (instrument, song_id) index alone. */
  async songCounts(): Promise<Map<number, number>> {
    const rows: Array<{ instrument: number; songs: string }> = await this.dataSource.query(
      `select instrument, count(*) as songs from song_instruments group by instrument`,
    );
    return new Map(rows.map((row) => [row.instrument, Number(row.songs)]));
  }

  async songsUsing(instrument: number, afterId: number, limit: number): Promise<SongRow[]> {
    return this.dataSource.query(
      `select ${songColumns('s')}
         from song_instruments si join songs s on s.id = si.song_id
        where si.instrument = $1 and si.song_id > $2
        order by si.song_id
        limit $3`,
      [instrument, afterId, limit],
    );
  }
}
