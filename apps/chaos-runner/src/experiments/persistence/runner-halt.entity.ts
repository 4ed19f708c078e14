import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A halt of the runner: no experiment starts while one is not released. */
@Entity({ name: 'runner_halt' })
export class RunnerHaltRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('text', { name: 'halted_by' })
  haltedBy!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'halted_at' })
  haltedAt!: Date;

  @Column('text', { name: 'released_by', nullable: true })
  releasedBy!: string | null;

  @Column('timestamptz', { name: 'released_at', nullable: true })
  releasedAt!: Date | null;
}
