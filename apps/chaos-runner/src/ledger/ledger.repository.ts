import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AlertOccurrence } from './alert-occurrence';
import type { AlertSpan, LedgerAlert } from './ledger-alert';
import { applyRollups, lockForWrites, type LedgerChange } from './rollups/rollup-writes';
import { transitionOf, type Transition } from './transition';

export interface AlertFilter {
  group?: string;
  service?: string;
  alertname?: string;
  /** Occurrences firing at some moment at or after this: still firing, or resolved since. */
  since?: Date;
  /** true: only those firing now; false: only resolved ones. */
  firing?: boolean;
  limit: number;
}

interface AlertRow {
  id: string;
  fingerprint: string;
  alertname: string;
  service: string | null;
  group_name: string | null;
  zone: string | null;
  instance: string | null;
  severity: string | null;
  sev: LedgerAlert['sev'];
  starts_at: Date;
  ends_at: Date | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generator_url: string | null;
  first_seen_at: Date;
  resolved_seen_at: Date | null;
}

type SpanRow = Pick<
  AlertRow,
  'alertname' | 'service' | 'group_name' | 'severity' | 'sev' | 'starts_at' | 'ends_at' | 'first_seen_at'
>;

const SPAN_COLUMNS = 'alertname, service, group_name, severity, sev, starts_at, ends_at, first_seen_at';

/**
 * The alerts table and its roll-ups. Every write of one notification is one transaction: all of it is
 * recorded, the roll-ups with it, or none.
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies a notification's occurrences; returns what each one did, in the order given. */
  async record(occurrences: readonly AlertOccurrence[]): Promise<Transition[]> {
    // Rows are locked in one order, so two notifications sharing alerts cannot deadlock.
    const order = occurrences
      .map((occurrence, index) => ({ occurrence, index }))
      .sort(
        (a, b) =>
          a.occurrence.fingerprint.localeCompare(b.occurrence.fingerprint) ||
          a.occurrence.startsAt.getTime() - b.occurrence.startsAt.getTime(),
      );
    return this.dataSource.transaction(async (manager) => {
      const noiseSeconds = await lockForWrites(manager, occurrences);
      const transitions: Transition[] = new Array(occurrences.length);
      const changes: LedgerChange[] = [];
      for (const { occurrence, index } of order) {
        const transition = (transitions[index] = await this.apply(manager, occurrence));
        if (transition !== 'unchanged' && transition !== 'stale') changes.push({ occurrence, transition });
      }
      await applyRollups(manager, changes, noiseSeconds);
      return transitions;
    });
  }

  private async apply(manager: EntityManager, occurrence: AlertOccurrence): Promise<Transition> {
    // Twice at most: when a concurrent delivery inserts the same occurrence first, the insert below
    // waits for it, does nothing, and the second pass decides against the row it wrote.
    for (let attempt = 0; attempt < 2; attempt++) {
      const [recorded] = (await manager.query(
        `select ends_at from alerts where fingerprint = $1 and starts_at = $2 for update`,
        [occurrence.fingerprint, occurrence.startsAt],
      )) as Array<{ ends_at: Date | null }>;
      const transition = transitionOf(recorded ? { endsAt: recorded.ends_at } : null, occurrence.status);
      if (transition === 'created-firing' || transition === 'created-resolved') {
        if (await this.insert(manager, occurrence)) return transition;
        continue;
      }
      if (transition === 'resolved') {
        await manager.query(
          `update alerts set ends_at = $3, resolved_seen_at = now() where fingerprint = $1 and starts_at = $2 and ends_at is null`,
          [occurrence.fingerprint, occurrence.startsAt, occurrence.endsAt],
        );
      }
      return transition;
    }
    throw new Error(
      `alert ${occurrence.fingerprint} starting ${occurrence.startsAt.toISOString()} could be neither inserted nor found`,
    );
  }

  private async insert(manager: EntityManager, occurrence: AlertOccurrence): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `insert into alerts (fingerprint, starts_at, ends_at, alertname, service, group_name, zone, instance, severity, sev,
                           labels, annotations, generator_url, resolved_seen_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, case when $3::timestamptz is null then null else now() end)
       on conflict (fingerprint, starts_at) do nothing
       returning id`,
      [
        occurrence.fingerprint,
        occurrence.startsAt,
        occurrence.endsAt,
        occurrence.alertname,
        occurrence.service,
        occurrence.group,
        occurrence.zone,
        occurrence.instance,
        occurrence.severity,
        occurrence.sev,
        JSON.stringify(occurrence.labels),
        JSON.stringify(occurrence.annotations),
        occurrence.generatorUrl,
      ],
    );
    return inserted.length === 1;
  }

  /** The newest occurrences first. */
  async list(filter: AlertFilter): Promise<LedgerAlert[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (condition: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(condition(`$${parameters.length}`));
    };
    if (filter.group !== undefined) where((p) => `group_name = ${p}`, filter.group);
    if (filter.service !== undefined) where((p) => `service = ${p}`, filter.service);
    if (filter.alertname !== undefined) where((p) => `alertname = ${p}`, filter.alertname);
    if (filter.since !== undefined) where((p) => `(ends_at is null or ends_at >= ${p})`, filter.since);
    if (filter.firing === true) conditions.push('ends_at is null');
    if (filter.firing === false) conditions.push('ends_at is not null');
    parameters.push(filter.limit);
    const rows: AlertRow[] = await this.dataSource.query(
      `select * from alerts ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
       order by starts_at desc, id desc limit $${parameters.length}`,
      parameters,
    );
    return rows.map(alertOf);
  }

  /** Occurrences firing at some moment of [from, to): started before `to`, not resolved before `from`. */
  async spansWithin(from: Date, to: Date): Promise<AlertSpan[]> {
    const rows: SpanRow[] = await this.dataSource.query(
      `select ${SPAN_COLUMNS} from alerts where starts_at < $2 and (ends_at is null or ends_at >= $1) order by starts_at`,
      [from, to],
    );
    return rows.map(spanOf);
  }

  /** Every occurrence ever recorded: what the roll-ups must agree with. */
  async allSpans(): Promise<AlertSpan[]> {
    const rows: SpanRow[] = await this.dataSource.query(`select ${SPAN_COLUMNS} from alerts order by starts_at`);
    return rows.map(spanOf);
  }
}

function spanOf(row: SpanRow): AlertSpan {
  return {
    alertname: row.alertname,
    service: row.service,
    group: row.group_name,
    severity: row.severity,
    sev: row.sev,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    firstSeenAt: row.first_seen_at,
  };
}

function alertOf(row: AlertRow): LedgerAlert {
  return {
    ...spanOf(row),
    id: String(row.id),
    fingerprint: row.fingerprint,
    zone: row.zone,
    instance: row.instance,
    labels: row.labels,
    annotations: row.annotations,
    generatorUrl: row.generator_url,
    resolvedSeenAt: row.resolved_seen_at,
  };
}
