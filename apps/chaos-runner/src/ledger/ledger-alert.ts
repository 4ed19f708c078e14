import type { Sev } from '@scale/chaos';

/** An occurrence as the ledger holds it. */
export interface LedgerAlert {
  readonly id: string;
  readonly fingerprint: string;
  readonly alertname: string;
  readonly service: string | null;
  readonly group: string | null;
  readonly zone: string | null;
  readonly instance: string | null;
  readonly severity: string | null;
  readonly sev: Sev;
  readonly startsAt: Date;
  /** Null while it fires. */
  readonly endsAt: Date | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly generatorUrl: string | null;
  readonly firstSeenAt: Date;
  readonly resolvedSeenAt: Date | null;
}

/** What the statistics read of an occurrence. */
export type AlertSpan = Pick<
  LedgerAlert,
  'alertname' | 'service' | 'group' | 'severity' | 'sev' | 'startsAt' | 'endsAt' | 'firstSeenAt'
>;
