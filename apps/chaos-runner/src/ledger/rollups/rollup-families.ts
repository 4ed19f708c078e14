import type { MetricSample } from '@scale/telemetry';
import { TIME_TO_RESOLVE_BUCKETS, type LedgerMetricFamilies } from '../ledger-metric-families';
import { SEV_LEVELS } from '../statistics/weekly';
import type { LabelCount } from './explained-alerts';
import type { RecentIncidents, RollupSnapshot } from './rollup-reads';

const HISTOGRAM = 'scale_ledger_time_to_resolve_seconds';

/**
 * The ledger's series from its roll-ups: the same families and values `ledgerMetricFamilies` draws
 * from every occurrence. `explained` are the short occurrences the explanation windows cover (null
 * when the windows are unknown, or the short ones were counted for another noise time).
 */
export function rollupFamilies(
  snapshot: RollupSnapshot,
  explained: readonly LabelCount[] | null,
): LedgerMetricFamilies {
  const alertLabels = (t: RollupSnapshot['alerts'][number]) => ({
    alertname: t.alertname,
    alert_service: t.service,
    alert_group: t.group,
    severity: t.severity,
    sev: t.sev,
  });
  return {
    alertsTotal: snapshot.alerts.map((t) => ({ labels: alertLabels(t), value: t.alerts })),
    alertsFiring: snapshot.alerts.map((t) => ({ labels: alertLabels(t), value: t.firing })),
    timeToResolve: histograms(snapshot.resolutions),
    noisyTotal: explained === null ? null : noisy(snapshot, explained),
    incidentsTotal: incidentTotals(snapshot.incidents),
    mttr: gauge(snapshot.recent, (r) => (r.resolved === 0 ? null : r.resolvedMs / 1000 / r.resolved)),
    mtbf: gauge(snapshot.recent, mtbfSeconds),
  };
}

function histograms(resolutions: RollupSnapshot['resolutions']): MetricSample[] {
  const byService = new Map<string, { labels: Record<string, string>; byLe: Map<number, number>; ms: number }>();
  for (const { service, group, le, resolved, resolvedMs } of resolutions) {
    const key = JSON.stringify([service, group]);
    const found = byService.get(key) ?? {
      labels: { alert_service: service, alert_group: group },
      byLe: new Map(),
      ms: 0,
    };
    found.byLe.set(le, (found.byLe.get(le) ?? 0) + resolved);
    found.ms += resolvedMs;
    byService.set(key, found);
  }
  return [...byService.values()].flatMap(({ labels, byLe, ms }) => {
    let cumulative = 0;
    const buckets: MetricSample[] = TIME_TO_RESOLVE_BUCKETS.map((le) => ({
      metricName: `${HISTOGRAM}_bucket`,
      labels: { ...labels, le },
      value: (cumulative += byLe.get(le) ?? 0),
    }));
    const count = cumulative + (byLe.get(Infinity) ?? 0);
    buckets.push({ metricName: `${HISTOGRAM}_bucket`, labels: { ...labels, le: '+Inf' }, value: count });
    return [
      ...buckets,
      { metricName: `${HISTOGRAM}_sum`, labels, value: ms / 1000 },
      { metricName: `${HISTOGRAM}_count`, labels, value: count },
    ];
  });
}

/** Short occurrences less those the windows explain, per alert, from 0 for every alert ever recorded. */
function noisy(snapshot: RollupSnapshot, explained: readonly LabelCount[]): MetricSample[] {
  const byAlert = new Map<string, { labels: Record<string, string>; value: number }>();
  const sample = (alertname: string, service: string, group: string) => {
    const key = JSON.stringify([alertname, service, group]);
    let found = byAlert.get(key);
    if (found === undefined) {
      found = { labels: { alertname, alert_service: service, alert_group: group }, value: 0 };
      byAlert.set(key, found);
    }
    return found;
  };
  for (const t of snapshot.alerts) sample(t.alertname, t.service, t.group).value += t.short;
  for (const e of explained) sample(e.alertname, e.service, e.group).value -= e.count;
  return [...byAlert.values()];
}

function incidentTotals(tallies: RollupSnapshot['incidents']): MetricSample[] {
  const byService = new Map<string, Map<string, number>>();
  for (const { service, group, sev, incidents } of tallies) {
    const key = JSON.stringify([service, group]);
    const bySev = byService.get(key) ?? new Map<string, number>();
    bySev.set(sev, (bySev.get(sev) ?? 0) + incidents);
    byService.set(key, bySev);
  }
  return [...byService].flatMap(([key, bySev]) => {
    const [service, group] = JSON.parse(key) as [string, string];
    return SEV_LEVELS.map((sev) => ({
      labels: { alert_service: service, alert_group: group, sev },
      value: bySev.get(sev) ?? 0,
    }));
  });
}

/**
 * Incidents of one service never overlap, and only the last can be open, so the time between them
 * is the span from the first start to the last, less the durations of all but the last.
 */
function mtbfSeconds(r: RecentIncidents): number | null {
  if (r.incidents < 2) return null;
  const lastMs = r.lastEndsAt === null ? 0 : r.lastEndsAt.getTime() - r.lastStartsAt.getTime();
  const uptime = r.lastStartsAt.getTime() - r.firstStartsAt.getTime() - (r.resolvedMs - lastMs);
  return uptime / (r.incidents - 1) / 1000;
}

function gauge(recent: readonly RecentIncidents[], compute: (r: RecentIncidents) => number | null): MetricSample[] {
  return recent.flatMap((r) => {
    const value = compute(r);
    return value === null ? [] : [{ labels: { alert_service: r.service, alert_group: r.group }, value }];
  });
}
