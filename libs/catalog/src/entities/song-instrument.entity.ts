import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Song } from './song.entity';

/**
 * One instrument of one song with its note count. Indexed by instrument first so that the songs
 * sharing an instrument are one index range: exact similarity search walks these ranges.
 */
@Entity({ name: 'song_instruments' })
@Index('song_instruments_by_instrument', ['instrument', 'songId'])
export class SongInstrument {
  @PrimaryColumn('bigint', { name: 'song_id' })
  songId!: string;

  /** GM program 0-127, or 128 for the drum kit (see DRUM_KIT_INSTRUMENT). */
  @PrimaryColumn('smallint')
  instrument!: number;

  @Column('integer')
  notes!: number;

  @ManyToOne('Song', 'instrumentNotes', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'song_id' })
  song?: Song;
}
