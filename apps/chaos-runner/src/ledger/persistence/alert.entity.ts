import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Sev } from '@scale/chaos';

/**
 * One occurrence of an alert: from the moment Prometheus started firing it (`startsAt`) to its
 * resolution. Written by the Alertmanager webhook; the same occurrence notified again changes nothing.
 */
@Entity({ name: 'alerts' })
@Unique('alerts_occurrence', ['fingerprint', 'startsAt'])
@Index('alerts_starts_at', ['startsAt'])
@Index('alerts_by_service', ['service', 'group', 'startsAt'])
export class LedgerAlertEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** Alertmanager's hash of the alert's labels. */
  @Column('text')
  fingerprint!: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  /** Null while the alert fires. */
  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column('text')
  alertname!: string;

  @Column('text', { nullable: true })
  service!: string | null;

  /** The alert's `group` label (control or experiment); `group` is a reserved word in SQL. */
  @Column('text', { name: 'group_name', nullable: true })
  group!: string | null;

  @Column('text', { nullable: true })
  zone!: string | null;

  @Column('text', { nullable: true })
  instance!: string | null;

  @Column('text', { nullable: true })
  severity!: string | null;

  /** From `severity` (SEVERITY_TO_SEV); see `sevOfLabels` for alerts without a known severity. */
  @Column('text')
  sev!: Sev;

  @Column('jsonb')
  labels!: Record<string, string>;

  @Column('jsonb')
  annotations!: Record<string, string>;

  @Column('text', { name: 'generator_url', nullable: true })
  generatorUrl!: string | null;

  /** When the ledger first heard of the occurrence, firing or already resolved. */
  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  /** When the ledger heard it resolved; null while it fires. */
  @Column('timestamptz', { name: 'resolved_seen_at', nullable: true })
  resolvedSeenAt!: Date | null;
}
