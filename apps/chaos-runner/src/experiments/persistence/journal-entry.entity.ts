import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One step of an experiment's lifecycle, written as it happens. */
@Entity({ name: 'experiment_journal' })
export class JournalRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'experiment_id' })
  experimentId!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text')
  step!: string;

  @Column('jsonb')
  detail!: Record<string, unknown>;
}
