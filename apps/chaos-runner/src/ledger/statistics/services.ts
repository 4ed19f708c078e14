import { mtbfSeconds, mttrSeconds } from '@scale/chaos';
import type { AlertSpan } from '../ledger-alert';
import { incidentsOf } from './incidents';
import { mean, quantile } from './quantile';

export interface TimeToResolve {
  meanSeconds: number | null;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

export interface ServiceStatistics {
  service: string;
  group: string;
  /** Alert occurrences that started in the range. */
  alerts: number;
  /** Of those, the ones still firing. */
  firing: number;
  /** Firing → resolved of each of those alerts that resolved. */
  timeToResolve: TimeToResolve;
  /** Incidents (overlapping alerts merged) that started in the range. */
  incidents: number;
  /** Mean time to resolve those incidents; null when none resolved. */
  mttrSeconds: number | null;
  /** Mean time from an incident's resolution to the next one's start; null with fewer than two. */
  mtbfSeconds: number | null;
}

/**
 * Per service and group, over the occurrences that started in [from, to). `spans` should also hold the
 * ones firing at `from` that started earlier, so an incident already open then is not counted again.
 */
export function serviceStatistics(spans: readonly AlertSpan[], range: { from: Date; to: Date }): ServiceStatistics[] {
  const inRange = (date: Date) => date >= range.from && date < range.to;
  const byService = new Map<string, { alerts: AlertSpan[]; incidents: ReturnType<typeof incidentsOf> }>();
  const entry = (service: string | null, group: string | null) => {
    const key = JSON.stringify([service ?? '', group ?? '']);
    let found = byService.get(key);
    if (!found) byService.set(key, (found = { alerts: [], incidents: [] }));
    return found;
  };
  for (const span of spans) if (inRange(span.startsAt)) entry(span.service, span.group).alerts.push(span);
  for (const incident of incidentsOf(spans)) {
    if (inRange(incident.startsAt)) entry(incident.service, incident.group).incidents.push(incident);
  }

  return [...byService]
    .map(([key, { alerts, incidents }]) => {
      const [service, group] = JSON.parse(key) as [string, string];
      return {
        service,
        group,
        alerts: alerts.length,
        firing: alerts.filter((alert) => alert.endsAt === null).length,
        timeToResolve: timeToResolve(alerts),
        incidents: incidents.length,
        mttrSeconds: mttrSeconds(incidents),
        mtbfSeconds: mtbfSeconds(incidents),
      };
    })
    .sort((a, b) => a.service.localeCompare(b.service) || a.group.localeCompare(b.group));
}

export function resolutionSeconds(span: Pick<AlertSpan, 'startsAt' | 'endsAt'>): number | null {
  return span.endsAt === null ? null : (span.endsAt.getTime() - span.startsAt.getTime()) / 1000;
}

function timeToResolve(alerts: readonly AlertSpan[]): TimeToResolve {
  const seconds = alerts
    .map(resolutionSeconds)
    .filter((value): value is number => value !== null)
    .sort((a, b) => a - b);
  return { meanSeconds: mean(seconds), p50Seconds: quantile(seconds, 0.5), p90Seconds: quantile(seconds, 0.9) };
}
