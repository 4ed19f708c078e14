import type { MetricSample } from '@scale/telemetry';
import { isNoisy, mtbfSeconds, mttrSeconds } from '@scale/chaos';
import { windowsExplaining, type ExplanationWindow } from './explanation-windows';
import type { AlertSpan } from './ledger-alert';
import { incidentsOf } from './statistics/incidents';
import { resolutionSeconds } from './statistics/services';
import { SEV_LEVELS } from './statistics/weekly';

/** From a few seconds (a flapping probe) to a day (an alert nobody fixed overnight). */
export const TIME_TO_RESOLVE_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

export interface LedgerMetricFamilies {
  alertsTotal: MetricSample[];
  alertsFiring: MetricSample[];
  timeToResolve: MetricSample[];
  /** Null when the explanation windows could not be read: without them every short alert would look like noise. */
  noisyTotal: MetricSample[] | null;
  incidentsTotal: MetricSample[];
  mttr: MetricSample[];
  mtbf: MetricSample[];
}

export interface MetricFamilyOptions {
  now: Date;
  noiseSeconds: number;
  windows: readonly ExplanationWindow[] | null;
  /** MTTR and MTBF are over the incidents that started in this many seconds before `now`. */
  oncallWindowSeconds: number;
}

/**
 * Every ledger series from every occurrence ever recorded. Totals start at 0 for each known label set.
 * The alert's own service and group are `alert_service` and `alert_group`: `service` and `group` on
 * the runner's series name the runner itself (Prometheus sets them from the scrape target and drops
 * an app's own), so an alert's would be lost under those names.
 */
export function ledgerMetricFamilies(spans: readonly AlertSpan[], options: MetricFamilyOptions): LedgerMetricFamilies {
  const byLabels = new Map<string, { labels: Record<string, string>; total: number; firing: number }>();
  const resolution = new Map<string, { labels: Record<string, string>; seconds: number[] }>();
  const noisy = new Map<string, { labels: Record<string, string>; total: number }>();
  for (const span of spans) {
    const alert = { alertname: span.alertname, alert_service: span.service ?? '', alert_group: span.group ?? '' };
    const labels = { ...alert, severity: span.severity ?? '', sev: span.sev };
    const counted = entry(byLabels, labels, () => ({ labels, total: 0, firing: 0 }));
    counted.total++;
    if (span.endsAt === null) counted.firing++;
    const service = { alert_service: alert.alert_service, alert_group: alert.alert_group };
    const seconds = resolutionSeconds(span);
    if (seconds !== null) entry(resolution, service, () => ({ labels: service, seconds: [] })).seconds.push(seconds);
    const noise = entry(noisy, alert, () => ({ labels: alert, total: 0 }));
    if (
      options.windows !== null &&
      isNoisy(span, { noiseSeconds: options.noiseSeconds, explained: windowsExplaining(options.windows, span.group) })
    ) {
      noise.total++;
    }
  }

  const incidents = incidentsOf(spans);
  const incidentsTotal = new Map<string, { labels: Record<string, string>; total: number }>();
  const recent = new Map<string, { labels: Record<string, string>; incidents: typeof incidents }>();
  const since = options.now.getTime() - options.oncallWindowSeconds * 1000;
  for (const incident of incidents) {
    const service = { alert_service: incident.service, alert_group: incident.group };
    const bySev = SEV_LEVELS.map((sev) =>
      entry(incidentsTotal, { ...service, sev }, () => ({ labels: { ...service, sev }, total: 0 })),
    );
    bySev[SEV_LEVELS.indexOf(incident.sev)].total++;
    if (incident.startsAt.getTime() >= since) {
      entry(recent, service, () => ({ labels: service, incidents: [] })).incidents.push(incident);
    }
  }

  const gauge = (compute: (list: typeof incidents) => number | null): MetricSample[] =>
    [...recent.values()].flatMap(({ labels, incidents: list }) => {
      const value = compute(list);
      return value === null ? [] : [{ labels, value }];
    });
  return {
    alertsTotal: [...byLabels.values()].map(({ labels, total }) => ({ labels, value: total })),
    alertsFiring: [...byLabels.values()].map(({ labels, firing }) => ({ labels, value: firing })),
    timeToResolve: [...resolution.values()].flatMap(({ labels, seconds }) =>
      histogramSamples('scale_ledger_time_to_resolve_seconds', labels, seconds),
    ),
    noisyTotal:
      options.windows === null ? null : [...noisy.values()].map(({ labels, total }) => ({ labels, value: total })),
    incidentsTotal: [...incidentsTotal.values()].map(({ labels, total }) => ({ labels, value: total })),
    mttr: gauge(mttrSeconds),
    mtbf: gauge(mtbfSeconds),
  };
}

function histogramSamples(name: string, labels: Record<string, string>, seconds: readonly number[]): MetricSample[] {
  const buckets: MetricSample[] = TIME_TO_RESOLVE_BUCKETS.map((le) => ({
    metricName: `${name}_bucket`,
    labels: { ...labels, le },
    value: seconds.filter((value) => value <= le).length,
  }));
  buckets.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: seconds.length });
  return [
    ...buckets,
    { metricName: `${name}_sum`, labels, value: seconds.reduce((sum, value) => sum + value, 0) },
    { metricName: `${name}_count`, labels, value: seconds.length },
  ];
}

function entry<T>(map: Map<string, T>, labels: Record<string, string>, create: () => T): T {
  const key = JSON.stringify(labels);
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = create()));
  return found;
}
