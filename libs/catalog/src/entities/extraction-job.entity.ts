import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A pending extraction of one object version. A row lives from discovery until the transaction
 * that writes its result; a worker holds it through a lease, so a dead worker's jobs return.
 */
@Entity({ name: 'extraction_jobs' })
@Unique('extraction_jobs_version', ['bucket', 'objectKey', 'etag'])
@Index('extraction_jobs_ready', ['bucket', 'notBefore'])
export class ExtractionJob {
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

  @Column('timestamptz', { name: 'enqueued_at' })
  enqueuedAt!: Date;

  @Column('integer')
  attempts!: number;

  /** Backoff after a failed attempt: the job is not claimed before this time. */
  @Column('timestamptz', { name: 'not_before' })
  notBefore!: Date;

  @Column('text', { name: 'locked_by', nullable: true })
  lockedBy!: string | null;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}
