import { detectionFloorSeconds, type ExpectedAlert } from '@scale/chaos';
import type { PrometheusClient } from './prometheus-client';

export interface AlertFloor {
  alertname: string;
  /** Null when Prometheus has no alerting rule of that name. */
  floorSeconds: number | null;
  forSeconds: number | null;
}

/**
 * The earliest each expected alert can fire after a fault, from what Prometheus runs: its scrape
 * interval, the rule group's evaluation interval and the rule's `for`. `fallbackScrapeSeconds` stands
 * in when the configuration does not say (it always does for Prometheus itself).
 */
export async function alertFloors(
  client: PrometheusClient,
  expected: readonly ExpectedAlert[],
  fallbackScrapeSeconds: number,
): Promise<AlertFloor[]> {
  if (expected.length === 0) return [];
  const scrape = (await client.scrapeIntervalSeconds()) ?? fallbackScrapeSeconds;
  return Promise.all(
    expected.map(async ({ alertname }) => {
      const rule = await client.alertRule(alertname);
      if (!rule) return { alertname, floorSeconds: null, forSeconds: null };
      return {
        alertname,
        floorSeconds: detectionFloorSeconds(scrape, rule.evaluationIntervalSeconds, rule.forSeconds),
        forSeconds: rule.forSeconds,
      };
    }),
  );
}

/** The verdict's single floor: the earliest any expected alert could detect the fault (0 without expected alerts). */
export function earliestFloor(floors: readonly AlertFloor[]): number {
  const known = floors.map((floor) => floor.floorSeconds).filter((value): value is number => value !== null);
  return known.length === 0 ? 0 : Math.min(...known);
}
