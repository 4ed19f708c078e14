import type { Sev } from '@scale/chaos';
import type { AlertSpan } from '../ledger-alert';

const SEVERITY: Record<Sev, string> = { SEV1: 'critical', SEV2: 'high', SEV3: 'warning', SEV4: 'info' };

/** An occurrence for the statistics' specs: times are minutes after Monday 2026-01-05 00:00 UTC (ISO week 2026-W02). */
export function span(
  alertname: string,
  startMinute: number,
  endMinute: number | null,
  more: { service?: string | null; group?: string | null; sev?: Sev } = {},
): AlertSpan {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5) + minute * 60_000);
  const sev = more.sev ?? 'SEV3';
  return {
    alertname,
    service: more.service === undefined ? 'scale-api' : more.service,
    group: more.group === undefined ? 'experiment' : more.group,
    severity: SEVERITY[sev],
    sev,
    startsAt: at(startMinute),
    endsAt: endMinute === null ? null : at(endMinute),
    firstSeenAt: at(startMinute),
  };
}

export const minutes = (n: number) => n * 60_000;
export const WEEK_2 = new Date(Date.UTC(2026, 0, 5));
export const WEEK_3 = new Date(Date.UTC(2026, 0, 12));
