import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ExperimentDocument } from '@scale/chaos';
import type { Group } from '../../drivers/driver';
import type { ExperimentStatus, Verdict } from '../experiment-views';
import type { ProbeSamples } from '../probe-samples';

/** One run of an experiment document, from the request to the verdict. */
@Entity({ name: 'experiments' })
export class ExperimentRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  /** The group the fault hits; one experiment per group at a time. */
  @Column('text', { name: 'target_group' })
  targetGroup!: Group;

  @Column('text')
  status!: ExperimentStatus;

  @Column('text', { name: 'fault_kind' })
  faultKind!: string;

  @Column('boolean', { name: 'dry_run' })
  dryRun!: boolean;

  @Column('jsonb')
  document!: ExperimentDocument;

  /** Replica ids the fault was planned for. */
  @Column('jsonb')
  targets!: string[];

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'injected_at', nullable: true })
  injectedAt!: Date | null;

  @Column('timestamptz', { name: 'detected_at', nullable: true })
  detectedAt!: Date | null;

  @Column('timestamptz', { name: 'recovered_at', nullable: true })
  recoveredAt!: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  @Column('text', { name: 'abort_reason', nullable: true })
  abortReason!: string | null;

  @Column('jsonb', { nullable: true })
  verdict!: Verdict | null;

  /** Each probe's per-interval values in both groups, kept for the verdict and the report. */
  @Column('jsonb')
  samples!: ProbeSamples;
}
