import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RevertTarget } from '../../faults/fault';

/**
 * What undoes one injected fault, written before the fault is injected, so that whoever comes next
 * (the same run, a halt, or a runner started after a crash) can undo it. Open while `revertedAt` is null.
 */
@Entity({ name: 'revert_records' })
export class RevertRecordRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'experiment_id' })
  experimentId!: string;

  @Column('text', { name: 'fault_kind' })
  faultKind!: string;

  @Column('jsonb')
  target!: RevertTarget;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'reverted_at', nullable: true })
  revertedAt!: Date | null;

  @Column('integer')
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}
