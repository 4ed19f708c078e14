import { describe, expect, it } from 'vitest';
import { firstScrapeShowing } from './fault-evidence';
import type { PrometheusClient, RangeSeries } from './prometheus-client';

/** Answers each selector's metric with the series given for it, as Prometheus' raw samples would. */
function prometheusWith(byMetric: Record<string, RangeSeries[]>): PrometheusClient {
  const rawSamples = (selector: string) => Promise.resolve(byMetric[selector.slice(0, selector.indexOf('{'))] ?? []);
  return { rawSamples } as unknown as PrometheusClient;
}

const window = { injectedAt: new Date(100_000), until: new Date(200_000), replicaIds: ['experiment-api-a'] };

describe('the first scrape showing a database network fault', () => {
  it("is the first failed probe through the group's link after the injection, the blackbox exporter's or a replica's own", async () => {
    const probe: RangeSeries = {
      labels: { service: 'postgres', group: 'experiment', instance: 'postgres-experiment' },
      points: [
        [99, 0],
        [100, 1],
        [101, 1],
        [102, 0],
      ],
    };
    const own: RangeSeries = {
      labels: { instance: 'experiment-api-a' },
      points: [
        [100.5, 1],
        [101.5, 0],
      ],
    };
    const first = (series: Record<string, RangeSeries[]>) =>
      firstScrapeShowing(prometheusWith(series), 'database-network', window);
    expect(await first({ probe_success: [probe] })).toEqual(new Date(102_000));
    expect(await first({ probe_success: [probe], scale_database_up: [own] })).toEqual(new Date(101_500));
    expect(await first({ probe_success: [{ ...probe, points: [[101, 1]] }] })).toBeNull();
  });
});
