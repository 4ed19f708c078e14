import { isNoisy, isoWeek, SEVERITY_TO_SEV, type Sev } from '@scale/chaos';
import { windowsExplaining, type ExplanationWindow } from '../explanation-windows';
import type { AlertSpan } from '../ledger-alert';
import { incidentsOf } from './incidents';

export interface ServiceCount {
  service: string;
  group: string;
  count: number;
}

export interface AlertCount extends ServiceCount {
  alertname: string;
}

export interface WeekStatistics {
  /** ISO 8601 week, e.g. 2026-W48 (UTC). */
  week: string;
  /** Alert occurrences that started this week. */
  alerts: number;
  alertsByService: ServiceCount[];
  /** Of those, the ones that resolved by themselves within the noise time with nothing to explain them. */
  noisy: number;
  noisyAlerts: AlertCount[];
  /** The most frequent alerts (alert name, service and group) of the week, most frequent first. */
  topAlerts: AlertCount[];
  /** Incidents that started this week. */
  incidents: number;
  /** Every SEV level, most severe first, zeros included. */
  incidentsBySev: Array<{ sev: Sev; count: number }>;
  incidentsByService: ServiceCount[];
}

export interface WeeklyOptions {
  /** Start of the first week counted (occurrences starting at or after it). */
  from: Date;
  /** End of the range, exclusive. */
  to: Date;
  noiseSeconds: number;
  windows: readonly ExplanationWindow[];
  /** How many top alerts each week lists (default 20). */
  top?: number;
}

export const SEV_LEVELS: readonly Sev[] = [...new Set(Object.values(SEVERITY_TO_SEV))].sort();

/**
 * The on-call statistics of each ISO week of [from, to), every week included even when nothing fired.
 * `spans` should hold every occurrence firing at some moment of the range, including those that
 * started before it, so that an incident already open at `from` is not counted again.
 */
export function weeklyStatistics(spans: readonly AlertSpan[], options: WeeklyOptions): WeekStatistics[] {
  const inRange = (date: Date) => date >= options.from && date < options.to;
  const weeks = new Map(weeksOf(options.from, options.to).map((week) => [week, new WeekTally()]));
  for (const span of spans) {
    if (!inRange(span.startsAt)) continue;
    const tally = weeks.get(isoWeek(span.startsAt));
    if (!tally) continue;
    tally.alerts.add(span, '');
    tally.byAlert.add(span, span.alertname);
    const noisy = isNoisy(span, {
      noiseSeconds: options.noiseSeconds,
      explained: windowsExplaining(options.windows, span.group),
    });
    if (noisy) tally.noisy.add(span, span.alertname);
  }
  for (const incident of incidentsOf(spans)) {
    if (!inRange(incident.startsAt)) continue;
    const tally = weeks.get(isoWeek(incident.startsAt));
    if (!tally) continue;
    tally.incidents.add(incident, '');
    tally.incidentsBySev.set(incident.sev, (tally.incidentsBySev.get(incident.sev) ?? 0) + 1);
  }
  const top = options.top ?? 20;
  return [...weeks].map(([week, tally]) => ({
    week,
    alerts: tally.alerts.total,
    alertsByService: tally.alerts.counts().map(serviceCount),
    noisy: tally.noisy.total,
    noisyAlerts: tally.noisy.counts(),
    topAlerts: tally.topAlerts(top),
    incidents: tally.incidents.total,
    incidentsBySev: SEV_LEVELS.map((sev) => ({ sev, count: tally.incidentsBySev.get(sev) ?? 0 })),
    incidentsByService: tally.incidents.counts().map(serviceCount),
  }));
}

/** The ISO weeks that [from, to) touches, in order. */
export function weeksOf(from: Date, to: Date): string[] {
  const weeks = new Set<string>();
  for (let t = from.getTime(); t < to.getTime(); t += 7 * 86_400_000) weeks.add(isoWeek(new Date(t)));
  if (to > from) weeks.add(isoWeek(new Date(to.getTime() - 1)));
  return [...weeks];
}

const serviceCount = ({ service, group, count }: AlertCount): ServiceCount => ({ service, group, count });

/** Counts by alert name (or '' when only the service matters), service and group. */
class Counter {
  private readonly byKey = new Map<string, AlertCount>();
  total = 0;

  add(item: { service: string | null; group: string | null }, alertname: string): void {
    const service = item.service ?? '';
    const group = item.group ?? '';
    const key = JSON.stringify([alertname, service, group]);
    const count = this.byKey.get(key) ?? { alertname, service, group, count: 0 };
    count.count++;
    this.byKey.set(key, count);
    this.total++;
  }

  /** Most first; ties in name order, so the answer is the same every time. */
  counts(): AlertCount[] {
    return [...this.byKey.values()].sort(
      (a, b) =>
        b.count - a.count ||
        a.alertname.localeCompare(b.alertname) ||
        a.service.localeCompare(b.service) ||
        a.group.localeCompare(b.group),
    );
  }
}

class WeekTally {
  readonly alerts = new Counter();
  readonly byAlert = new Counter();
  readonly noisy = new Counter();
  readonly incidents = new Counter();
  readonly incidentsBySev = new Map<Sev, number>();

  topAlerts(top: number): AlertCount[] {
    return this.byAlert.counts().slice(0, top);
  }
}
