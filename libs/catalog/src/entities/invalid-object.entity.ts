import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An object that is not a usable MIDI file, with the reason, kept until the object changes. */
@Entity({ name: 'invalid_objects' })
export class InvalidObject {
  @PrimaryColumn('text')
  bucket!: string;

  @PrimaryColumn('text', { name: 'object_key' })
  objectKey!: string;

  @Column('text')
  etag!: string;

  @Column('bigint', { name: 'size_bytes' })
  sizeBytes!: string;

  @Column('text')
  reason!: string;

  /** Times this exact version was examined and refused. */
  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;
}
