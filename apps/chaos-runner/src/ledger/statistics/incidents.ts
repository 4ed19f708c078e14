import type { Sev } from '@scale/chaos';
import type { AlertSpan } from '../ledger-alert';

/**
 * An incident: a service of a group in trouble, from the first of a set of overlapping alerts to the
 * resolution of the last. A zone outage fires ZoneOutage, TargetDown and ProcessRestarts for the
 * same service at once; that is one incident, as severe as its most severe alert.
 */
export interface Incident {
  readonly service: string;
  readonly group: string;
  readonly sev: Sev;
  readonly startsAt: Date;
  /** Null while one of its alerts still fires. */
  readonly endsAt: Date | null;
  /** Alert occurrences merged into it. */
  readonly alerts: number;
}

/** The incidents of the given occurrences, by start. Missing service or group labels count as ''. */
export function incidentsOf(spans: readonly AlertSpan[]): Incident[] {
  const byService = new Map<string, AlertSpan[]>();
  for (const span of spans) {
    const key = JSON.stringify([span.service ?? '', span.group ?? '']);
    const list = byService.get(key);
    if (list) list.push(span);
    else byService.set(key, [span]);
  }
  const incidents: Incident[] = [];
  for (const [key, list] of byService) {
    const [service, group] = JSON.parse(key) as [string, string];
    list.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    let current: { sev: Sev; start: number; end: number; alerts: number } | null = null;
    const close = () => {
      if (current) {
        incidents.push({
          service,
          group,
          sev: current.sev,
          startsAt: new Date(current.start),
          endsAt: Number.isFinite(current.end) ? new Date(current.end) : null,
          alerts: current.alerts,
        });
      }
    };
    for (const span of list) {
      const start = span.startsAt.getTime();
      const end = span.endsAt === null ? Infinity : span.endsAt.getTime();
      if (current !== null && start <= current.end) {
        current.end = Math.max(current.end, end);
        // 'SEV1' < 'SEV2': the most severe is the smallest.
        if (span.sev < current.sev) current.sev = span.sev;
        current.alerts++;
      } else {
        close();
        current = { sev: span.sev, start, end, alerts: 1 };
      }
    }
    close();
  }
  return incidents.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
