import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One request that asked the runner to change something (start, abort, halt, release), whether it
 * was allowed or not: refused attempts are what an auditor looks for first. Written when the request
 * arrives, completed with its outcome when answered.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_at', ['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** When the request arrived. */
  @Column('timestamptz')
  at!: Date;

  /** The name of the token presented; null when none was, or it was not a known token. */
  @Column('text', { nullable: true })
  actor!: string | null;

  @Column('text')
  method!: string;

  /** The route template (`/experiments/:id/abort`); the id is in its own column. */
  @Column('text')
  route!: string;

  @Column('text', { name: 'experiment_id', nullable: true })
  experimentId!: string | null;

  /**
   * The HTTP status answered; 499 when the client went away before the answer; null until the answer
   * is sent (and for good if the runner died in between).
   */
  @Column('integer', { nullable: true })
  status!: number | null;

  @Column('text', { name: 'remote_address', nullable: true })
  remoteAddress!: string | null;
}
