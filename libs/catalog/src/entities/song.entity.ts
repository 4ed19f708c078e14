import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SongInstrument } from './song-instrument.entity';

/** One valid MIDI object of the bucket, as last extracted. */
@Entity({ name: 'songs' })
@Unique('songs_object', ['bucket', 'objectKey'])
export class Song {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('text')
  bucket!: string;

  @Column('text', { name: 'object_key' })
  objectKey!: string;

  @Column('text')
  etag!: string;

  @Column('bigint', { name: 'size_bytes' })
  sizeBytes!: string;

  @Column('char', { name: 'content_sha256', length: 64 })
  contentSha256!: string;

  @Column('text', { nullable: true })
  title!: string | null;

  @Column('smallint')
  format!: number;

  @Column('integer')
  tracks!: number;

  @Column('integer', { name: 'ticks_per_quarter', nullable: true })
  ticksPerQuarter!: number | null;

  @Column('double precision', { name: 'duration_seconds' })
  durationSeconds!: number;

  @Column('integer')
  notes!: number;

  @Column('boolean')
  drums!: boolean;

  @Column('integer', { name: 'drum_notes' })
  drumNotes!: number;

  /** The instrument set, ascending: GM programs 0-127, and 128 for the drum kit. */
  @Column('smallint', { array: true })
  instruments!: number[];

  @Index('songs_extracted_at')
  @Column('timestamptz', { name: 'extracted_at' })
  extractedAt!: Date;

  @OneToMany(() => SongInstrument, (instrument) => instrument.song)
  instrumentNotes?: SongInstrument[];
}
