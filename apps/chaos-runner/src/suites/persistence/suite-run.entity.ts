import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SuiteRunStatus, SuiteRunStep } from '../suite-views';

/** One run of a suite: its experiments started one after another, each step as far as it got. */
@Entity({ name: 'suite_runs' })
export class SuiteRunRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  suite!: string;

  @Column('boolean', { name: 'dry_run' })
  dryRun!: boolean;

  @Column('text')
  status!: SuiteRunStatus;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /** Why it ended otherwise than completed. */
  @Column('text', { nullable: true })
  reason!: string | null;

  /** Every experiment of the suite, in order, with the experiment it started. */
  @Column('jsonb')
  steps!: SuiteRunStep[];
}
