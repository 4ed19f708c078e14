import { SEVERITY_TO_SEV, type Sev } from '@scale/chaos';
import type { WebhookPayload } from './webhook-payload';

export type AlertStatus = 'firing' | 'resolved';

/** One alert of a notification as the ledger stores it: an occurrence is its fingerprint and start. */
export interface AlertOccurrence {
  readonly fingerprint: string;
  readonly startsAt: Date;
  /** Null while it fires: Alertmanager writes the zero time there, or a time it only expects. */
  readonly endsAt: Date | null;
  readonly status: AlertStatus;
  readonly alertname: string;
  readonly service: string | null;
  readonly group: string | null;
  readonly zone: string | null;
  readonly instance: string | null;
  readonly severity: string | null;
  readonly sev: Sev;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly generatorUrl: string | null;
}

const SEV_LEVELS: readonly string[] = Object.values(SEVERITY_TO_SEV);

/**
 * The SEV level of an alert: from its `severity` (critical is SEV1 ... info is SEV4); an alert whose
 * severity is not one of those keeps its own `sev` label if it has a valid one, and is otherwise the
 * least urgent, SEV4, so that every alert counts somewhere in the incidents.
 */
export function sevOfLabels(labels: Readonly<Record<string, string>>): Sev {
  const severity = labels.severity;
  if (severity !== undefined && Object.hasOwn(SEVERITY_TO_SEV, severity)) {
    return SEVERITY_TO_SEV[severity as keyof typeof SEVERITY_TO_SEV];
  }
  if (labels.sev !== undefined && SEV_LEVELS.includes(labels.sev)) return labels.sev as Sev;
  return 'SEV4';
}

/**
 * The occurrences a notification reports, one per fingerprint and start. Should the same occurrence
 * appear twice in one notification, the resolved one wins: a resolution is never undone.
 */
export function occurrencesOf(payload: WebhookPayload): AlertOccurrence[] {
  const byKey = new Map<string, AlertOccurrence>();
  for (const alert of payload.alerts) {
    const labels = alert.labels;
    const occurrence: AlertOccurrence = {
      fingerprint: alert.fingerprint,
      startsAt: new Date(alert.startsAt),
      endsAt: alert.status === 'resolved' ? new Date(alert.endsAt) : null,
      status: alert.status,
      alertname: labels.alertname,
      service: labels.service || null,
      group: labels.group || null,
      zone: labels.zone || null,
      instance: labels.instance || null,
      severity: labels.severity || null,
      sev: sevOfLabels(labels),
      labels,
      annotations: alert.annotations,
      generatorUrl: alert.generatorURL || null,
    };
    const key = occurrenceKey(occurrence);
    if (byKey.get(key)?.status !== 'resolved') byKey.set(key, occurrence);
  }
  return [...byKey.values()];
}

export function occurrenceKey(occurrence: Pick<AlertOccurrence, 'fingerprint' | 'startsAt'>): string {
  return `${occurrence.fingerprint}@${occurrence.startsAt.toISOString()}`;
}
