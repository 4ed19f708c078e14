import { configuredFloor, type DetectionTimings, type ExpectedAlert } from '@scale/chaos';
import { ledgerRouteTimings, type LedgerRouteTimings } from './alertmanager-timings';
import type { PrometheusClient } from './prometheus-client';

export interface AlertFloor {
  alertname: string;
  /** The configured floor (configuredFloor); null when Prometheus has no alerting rule of that name. */
  floorSeconds: number | null;
  forSeconds: number | null;
  /** What the floor is computed from; null without a rule. */
  timings: DetectionTimings | null;
  /** Null when no Alertmanager said (its waits then count as 0). */
  alertmanager: LedgerRouteTimings | null;
}

/**
 * The configured floor of each expected alert, from what Prometheus and Alertmanager run: the scrape
 * interval, the rule group's evaluation interval, the rule's `for` (the shortest of the rules of that
 * name) and the ledger route's group_wait (and group_interval, for an alert joining a group already notified). `fallbackScrapeSeconds` stands in when the configuration
 * does not say (it always does for Prometheus itself). The verdict adds the measured parts that
 * cannot be removed (detectionBreakdown, honestFloor).
 */
export async function alertFloors(
  client: PrometheusClient,
  expected: readonly ExpectedAlert[],
  fallbackScrapeSeconds: number,
  timeoutMs = 5_000,
): Promise<AlertFloor[]> {
  if (expected.length === 0) return [];
  const [scrape, alertmanager] = await Promise.all([
    client.scrapeIntervalSeconds().then((seconds) => seconds ?? fallbackScrapeSeconds),
    ledgerRouteTimings(client, timeoutMs).catch(() => null),
  ]);
  return Promise.all(
    expected.map(async ({ alertname }) => {
      const rule = await client.alertRule(alertname);
      if (!rule) return { alertname, floorSeconds: null, forSeconds: null, timings: null, alertmanager };
      const timings: DetectionTimings = {
        scrapeIntervalSeconds: scrape,
        evaluationIntervalSeconds: rule.evaluationIntervalSeconds,
        forSeconds: rule.forSeconds,
        groupWaitSeconds: alertmanager?.groupWaitSeconds ?? 0,
        groupIntervalSeconds: alertmanager?.groupIntervalSeconds ?? 0,
      };
      return {
        alertname,
        floorSeconds: configuredFloor(timings).total,
        forSeconds: rule.forSeconds,
        timings,
        alertmanager,
      };
    }),
  );
}

/** The configured timings of the expected alerts that have a rule, by alert name. */
export function timingsByAlert(floors: readonly AlertFloor[]): Map<string, DetectionTimings> {
  return new Map(floors.flatMap(({ alertname, timings }) => (timings ? [[alertname, timings] as const] : [])));
}
