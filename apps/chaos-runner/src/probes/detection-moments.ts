import type { DetectionMoments, FaultKind, Firing } from '@scale/chaos';
import { firstScrapeShowing } from './fault-evidence';
import type { AlertingRule, PrometheusClient, RangeSeries } from './prometheus-client';

export interface DetectionToMeasure {
  kind: FaultKind;
  replicaIds: readonly string[];
  injectedAt: Date;
  /** When the fault took effect, as the run saw it; null when it did not see. */
  effectAt: Date | null;
  /** The ledger's firing that detected the fault. */
  firing: Firing;
  scrapeIntervalSeconds: number;
}

/** Consecutive evaluations of an alert further apart than this many intervals are two spells of it. */
const GAP_INTERVALS = 2.5;

/**
 * The moments of one detection, from what Prometheus recorded: the first scrape that shows the fault
 * (fault-evidence), the first scrape from which the rule's expression holds (the expression evaluated
 * at each scrape of the target), the evaluation that made the alert pending (the first sample of its
 * `ALERTS{alertstate="pending"}` series; `ALERTS_FOR_STATE` holds the same moment in whole seconds
 * only) and the one that made it fire (`ALERTS{alertstate="firing"}`, which is Alertmanager's
 * `startsAt`); the ledger says when the notification arrived. A moment that cannot be read is null.
 */
export async function measureDetection(client: PrometheusClient, input: DetectionToMeasure): Promise<DetectionMoments> {
  const { firing, injectedAt } = input;
  const notifiedAt = firing.notifiedAt ?? firing.startsAt;
  const rules = await client.alertingRules(firing.alertname);
  const evaluation = Math.max(...rules.map((rule) => rule.evaluationIntervalSeconds), input.scrapeIntervalSeconds);
  const alerts = await client.rawSamples(
    `ALERTS{alertname=${JSON.stringify(firing.alertname)},group="experiment"}`,
    // From far enough back that a spell under way at the injection does not seem to begin after it.
    new Date(injectedAt.getTime() - (GAP_INTERVALS + 1) * evaluation * 1000),
    new Date(notifiedAt.getTime() + 1000),
  );
  const fired = firingSeries(alerts, firing.startsAt, injectedAt, evaluation);
  const firingAt = fired ? new Date(fired.at * 1000) : null;
  const pendingAt = fired ? new Date(pendingSince(alerts, fired.labels, fired.at, evaluation) * 1000) : null;
  const firstScrapeAt = await firstScrapeShowing(client, input.kind, {
    injectedAt,
    until: firingAt ?? firing.startsAt,
    replicaIds: input.replicaIds,
  });
  const rule = fired ? rules.find((candidate) => within(candidate.labels, fired.labels)) : undefined;
  const conditionAt =
    rule && fired && pendingAt
      ? await conditionSince(client, rule, fired.labels, {
          from: firstScrapeAt ?? input.effectAt ?? injectedAt,
          to: pendingAt,
          scrapeIntervalSeconds: input.scrapeIntervalSeconds,
        })
      : null;
  return { injectedAt, effectAt: input.effectAt, firstScrapeAt, conditionAt, pendingAt, firingAt, notifiedAt };
}

interface FiredSeries {
  labels: Record<string, string>;
  /** When the firing spell nearest to the ledger's startsAt began, unix seconds. */
  at: number;
}

/**
 * The ALERTS series that fired the ledger's occurrence: the one whose firing spell began nearest to
 * `startsAt`, after the injection. Spells, not samples: another alert of the same name still firing
 * from before is evaluated at the very same moments.
 */
export function firingSeries(
  alerts: readonly RangeSeries[],
  startsAt: Date,
  injectedAt: Date,
  evaluationIntervalSeconds: number,
): FiredSeries | null {
  const target = startsAt.getTime() / 1000;
  let best: FiredSeries | null = null;
  for (const series of alerts) {
    if (series.labels.alertstate !== 'firing') continue;
    series.points.forEach(([at], index) => {
      const previous = series.points[index - 1]?.[0];
      const begins = previous === undefined || at - previous > GAP_INTERVALS * evaluationIntervalSeconds;
      if (!begins || at * 1000 < injectedAt.getTime()) return;
      if (best === null || Math.abs(at - target) < Math.abs(best.at - target)) {
        best = { labels: alertLabels(series), at };
      }
    });
  }
  return best;
}

/** When the alert that fired at `firedAt` became pending: the start of its unbroken pending spell, or `firedAt` itself (a rule without `for`). */
export function pendingSince(
  alerts: readonly RangeSeries[],
  labels: Record<string, string>,
  firedAt: number,
  evaluationIntervalSeconds: number,
): number {
  const key = JSON.stringify(labels);
  const pending = alerts
    .filter((series) => series.labels.alertstate === 'pending' && JSON.stringify(alertLabels(series)) === key)
    .flatMap((series) => series.points.map(([at]) => at))
    .filter((at) => at < firedAt)
    .sort((a, b) => b - a);
  let since = firedAt;
  for (const at of pending) {
    if (since - at > GAP_INTERVALS * evaluationIntervalSeconds) break;
    since = at;
  }
  return since;
}

/**
 * The first scrape from which the rule's expression holds for the alert's series: the expression is
 * evaluated at the moment of each scrape of the target from `from` (the first scrape that showed the
 * fault) on, so it sees that scrape's samples and no later ones. A range the rule extrapolates over
 * may cross its threshold a little later in a scrape interval than at the scrape itself: when no scrape
 * before the pending evaluation shows it holding, the last scrape before that evaluation is the one it
 * acted on.
 */
async function conditionSince(
  client: PrometheusClient,
  rule: AlertingRule,
  labels: Record<string, string>,
  window: { from: Date; to: Date; scrapeIntervalSeconds: number },
): Promise<Date> {
  const step = window.scrapeIntervalSeconds * 1000;
  const scrapes = Math.floor((window.to.getTime() - window.from.getTime() - 1) / step);
  if (scrapes < 0) return window.from;
  const at = (scrape: number) => new Date(window.from.getTime() + scrape * step);
  const result = await client.range(rule.query, at(0), at(scrapes), window.scrapeIntervalSeconds);
  // The rule's own labels (severity, or ZoneOutage's service) replace what the expression gives.
  const own = new Set(Object.keys(rule.labels));
  const matching = result.filter((series) =>
    Object.entries(series.labels).every(
      ([name, value]) => name === '__name__' || own.has(name) || labels[name] === value,
    ),
  );
  const first = Math.min(...matching.flatMap((series) => series.points.map(([time]) => time)));
  return Number.isFinite(first) ? new Date(Math.round(first * 1000)) : at(scrapes);
}

/** An ALERTS series' labels as the alert has them: without its state. */
function alertLabels(series: RangeSeries): Record<string, string> {
  const { alertstate: _state, __name__: _name, ...labels } = series.labels;
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function within(subset: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(subset).every(([name, value]) => labels[name] === value);
}
