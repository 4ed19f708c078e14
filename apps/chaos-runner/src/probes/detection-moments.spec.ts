import { detectionBreakdown, type Firing } from '@scale/chaos';
import { describe, expect, it } from 'vitest';
import { measureDetection } from './detection-moments';
import type { AlertingRule, PrometheusClient, RangeSeries } from './prometheus-client';

/** Unix seconds, as Prometheus gives them, and the same moment as a Date. */
const T = 1_780_000_000;
const at = (seconds: number) => new Date((T + seconds) * 1000);

interface Recorded {
  /** Raw samples by metric name (the selector's name, before its braces). */
  samples: Record<string, RangeSeries[]>;
  rules: AlertingRule[];
  /** From when (unix seconds, after the scrape that makes it true) the rule's expression holds for the alert's series. */
  conditionFrom: number;
  conditionLabels: Record<string, string>;
}

/**
 * Prometheus as it recorded one detection: raw samples for range selectors, the rules, and a range
 * query of the rule's expression that holds from `conditionFrom` on, at the steps asked for.
 */
function recordedPrometheus(recorded: Recorded): PrometheusClient {
  return {
    rawSamples: async (selector: string, from: Date, to: Date) =>
      (recorded.samples[selector.slice(0, selector.indexOf('{'))] ?? []).map((series) => ({
        labels: series.labels,
        points: series.points.filter(([time]) => time >= from.getTime() / 1000 && time <= to.getTime() / 1000),
      })),
    alertingRules: async () => recorded.rules,
    range: async (_query: string, from: Date, to: Date, step: number) => {
      const points: Array<[number, number]> = [];
      for (let time = from.getTime() / 1000; time <= to.getTime() / 1000 + 1e-9; time += step) {
        if (time >= recorded.conditionFrom) points.push([time, 1]);
      }
      return points.length > 0 ? [{ labels: recorded.conditionLabels, points }] : [];
    },
  } as unknown as PrometheusClient;
}

const series = (labels: Record<string, string>, points: Array<[number, number]>): RangeSeries => ({
  labels,
  points: points.map(([seconds, value]) => [T + seconds, value]),
});
const every = (from: number, to: number, step: number, value: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, index): [number, number] => [
    from + index * step,
    value,
  ]);

const API_A = { instance: 'experiment-api-a', job: 'scale-api', service: 'scale-api', group: 'experiment', zone: 'a' };
const RESTARTS: AlertingRule = {
  alertname: 'ProcessRestarts',
  query: 'changes(process_start_time_seconds[5m]) > 0',
  forSeconds: 0,
  evaluationIntervalSeconds: 2,
  labels: { severity: 'warning', sev: 'SEV3' },
};
const alertSeries = (state: string, labels: Record<string, string>, points: Array<[number, number]>) =>
  series({ __name__: 'ALERTS', alertstate: state, ...labels }, points);

describe('measureDetection', () => {
  it('finds each moment of a killed container detected by a rule that waits for the new process', async () => {
    const alert = { alertname: 'ProcessRestarts', ...API_A, severity: 'warning', sev: 'SEV3' };
    const client = recordedPrometheus({
      samples: {
        // Scraped every 2 s at .5: answering, three failed scrapes, then the restarted process.
        up: [series(API_A, [...every(-9.5, -1.5, 2, 1), ...every(0.5, 4.5, 2, 0), ...every(6.5, 12.5, 2, 1)])],
        process_start_time_seconds: [
          series(API_A, [...every(-9.5, -1.5, 2, 900)]),
          series({ ...API_A, version: '2' }, every(6.5, 12.5, 2, T + 4)),
        ],
        // Evaluated every 2 s on the whole second; no `for`, so no pending sample. The other API's restart a
        // minute ago still fires, evaluated at the same moments: not the occurrence that detected this fault.
        ALERTS: [
          alertSeries('firing', { ...alert, instance: 'experiment-api-b', zone: 'b' }, every(-61, 13, 2, 1)),
          alertSeries('firing', alert, every(7, 13, 2, 1)),
        ],
      },
      rules: [RESTARTS],
      conditionFrom: T + 6.5,
      conditionLabels: API_A,
    });
    const firing: Firing = {
      alertname: 'ProcessRestarts',
      group: 'experiment',
      service: 'scale-api',
      startsAt: at(7),
      endsAt: null,
      notifiedAt: at(8.05),
    };
    const moments = await measureDetection(client, {
      kind: 'container-kill',
      replicaIds: ['experiment-api-a'],
      injectedAt: at(0),
      effectAt: at(0.05),
      firing,
      scrapeIntervalSeconds: 2,
    });
    expect(moments).toEqual({
      injectedAt: at(0),
      effectAt: at(0.05),
      firstScrapeAt: at(0.5),
      conditionAt: at(6.5),
      pendingAt: at(7),
      firingAt: at(7),
      notifiedAt: at(8.05),
    });
    // The restarted process's start-up is the largest part, and the floor will count it as unavoidable.
    expect(detectionBreakdown(moments)).toMatchObject({ scrape: 0.45, condition: 6, largest: 'condition' });
  });

  it('takes a zone as shown once its last target failed a scrape, and the pending spell that led to the firing', async () => {
    const API = { ...API_A };
    const EXTRACTOR = {
      ...API_A,
      instance: 'experiment-extractor-a',
      job: 'scale-extractor',
      service: 'scale-extractor',
    };
    const alert = {
      alertname: 'ZoneOutage',
      group: 'experiment',
      zone: 'a',
      service: 'all',
      severity: 'critical',
      sev: 'SEV1',
    };
    const client = recordedPrometheus({
      samples: {
        up: [
          series(API, [...every(-1.5, -1.5, 2, 1), ...every(0.5, 40.5, 2, 0)]),
          series(EXTRACTOR, [...every(-0.7, -0.7, 2, 1), ...every(1.3, 41.3, 2, 0)]),
        ],
        ALERTS: [
          // A pending spell long before, broken off: not the one that fired.
          alertSeries('pending', alert, every(-40, -36, 2, 1)),
          alertSeries('pending', alert, every(2, 30, 2, 1)),
          alertSeries('firing', alert, every(32, 40, 2, 1)),
        ],
      },
      rules: [
        {
          alertname: 'ZoneOutage',
          query: 'max by (group, zone) (up) == 0 and on (group, zone) count by (group, zone) (up) >= 2',
          forSeconds: 30,
          evaluationIntervalSeconds: 2,
          labels: { severity: 'critical', sev: 'SEV1', service: 'all' },
        },
      ],
      conditionFrom: T + 1.3,
      conditionLabels: { group: 'experiment', zone: 'a' },
    });
    const moments = await measureDetection(client, {
      kind: 'zone-outage',
      replicaIds: ['experiment-api-a', 'experiment-extractor-a'],
      injectedAt: at(0),
      // The extractor took its time to exit after the API had stopped answering.
      effectAt: at(1.6),
      firing: {
        alertname: 'ZoneOutage',
        group: 'experiment',
        service: 'all',
        startsAt: at(32),
        endsAt: null,
        notifiedAt: at(32.03),
      },
      scrapeIntervalSeconds: 2,
    });
    expect(moments).toMatchObject({ firstScrapeAt: at(1.3), conditionAt: at(1.3), pendingAt: at(2), firingAt: at(32) });
    expect(detectionBreakdown(moments)).toEqual({
      effect: 1.3,
      scrape: 0,
      condition: 0,
      evaluation: 0.7,
      for: 30,
      notification: 0.03,
      largest: 'for',
    });
  });

  it('shows a CPU hog at the first scrape over whose interval the container was throttled in over a quarter of its periods', async () => {
    const alert = { alertname: 'ContainerCpuThrottled', ...API_A, severity: 'warning', sev: 'SEV3' };
    // 20 periods every 2 s; 2 of them throttled before the hog, 4 in the interval it started in, 8 in the next, then 19.
    const periods = every(-3.5, 9.5, 2, 0).map(([time], index): [number, number] => [time, 20 * index]);
    const throttledCounts = [0, 2, 6, 14, 33, 52, 71];
    const throttled = periods.map(([time], index): [number, number] => [time, throttledCounts[index]]);
    const client = recordedPrometheus({
      samples: {
        container_cpu_cfs_periods_total: [series(API_A, periods)],
        container_cpu_cfs_throttled_periods_total: [series(API_A, throttled)],
        ALERTS: [alertSeries('pending', alert, every(4, 34, 2, 1)), alertSeries('firing', alert, every(36, 40, 2, 1))],
      },
      rules: [
        {
          alertname: 'ContainerCpuThrottled',
          query: 'irate(a[1m]) / irate(b[1m]) > 0.25',
          forSeconds: 30,
          evaluationIntervalSeconds: 2,
          labels: { severity: 'warning', sev: 'SEV3' },
        },
      ],
      conditionFrom: T + 2.5,
      conditionLabels: API_A,
    });
    const moments = await measureDetection(client, {
      kind: 'cpu-hog',
      replicaIds: ['experiment-api-a'],
      injectedAt: at(0),
      effectAt: at(0.3),
      firing: {
        alertname: 'ContainerCpuThrottled',
        group: 'experiment',
        service: 'scale-api',
        startsAt: at(36),
        endsAt: null,
      },
      scrapeIntervalSeconds: 2,
    });
    // 4 of 20 at 0.5 s is not over a quarter; 8 of 20 at 2.5 s is.
    expect(moments).toMatchObject({ firstScrapeAt: at(2.5), conditionAt: at(2.5), pendingAt: at(4), firingAt: at(36) });
    // Without the ledger's arrival time, the firing stands in for it.
    expect(moments.notifiedAt).toEqual(at(36));
  });

  it('takes the last scrape before the pending evaluation when the expression, evaluated at the scrapes, never quite holds', async () => {
    // A rate over a range is extrapolated to the evaluation's moment: at the scrape it may sit just under
    // the threshold that the evaluation a moment later finds crossed.
    const alert = { alertname: 'ProcessRestarts', ...API_A, severity: 'warning', sev: 'SEV3' };
    const client = recordedPrometheus({
      samples: {
        up: [series(API_A, [...every(-1.5, -1.5, 2, 1), ...every(0.5, 8.5, 2, 0)])],
        process_start_time_seconds: [],
        ALERTS: [alertSeries('firing', alert, every(7, 9, 2, 1))],
      },
      rules: [RESTARTS],
      conditionFrom: Number.POSITIVE_INFINITY,
      conditionLabels: API_A,
    });
    const moments = await measureDetection(client, {
      kind: 'container-kill',
      replicaIds: ['experiment-api-a'],
      injectedAt: at(0),
      effectAt: at(0.1),
      firing: {
        alertname: 'ProcessRestarts',
        group: 'experiment',
        service: 'scale-api',
        startsAt: at(7),
        endsAt: null,
      },
      scrapeIntervalSeconds: 2,
    });
    expect(moments).toMatchObject({ firstScrapeAt: at(0.5), conditionAt: at(6.5), pendingAt: at(7) });
  });

  it('leaves the scrape unknown when no scrape showed the fault, and finds the rest', async () => {
    const alert = { alertname: 'ProcessRestarts', ...API_A, severity: 'warning', sev: 'SEV3' };
    const client = recordedPrometheus({
      samples: { up: [], process_start_time_seconds: [], ALERTS: [alertSeries('firing', alert, every(7, 9, 2, 1))] },
      rules: [RESTARTS],
      conditionFrom: T + 6.5,
      conditionLabels: API_A,
    });
    const moments = await measureDetection(client, {
      kind: 'pod-kill',
      replicaIds: ['experiment-api-a'],
      injectedAt: at(0),
      effectAt: at(0.5),
      firing: {
        alertname: 'ProcessRestarts',
        group: 'experiment',
        service: 'scale-api',
        startsAt: at(7),
        endsAt: null,
        notifiedAt: at(7.1),
      },
      scrapeIntervalSeconds: 2,
    });
    expect(moments).toMatchObject({ firstScrapeAt: null, pendingAt: at(7), firingAt: at(7) });
    // Looked for from the effect on, the condition is found to within a scrape interval.
    expect(moments.conditionAt).toEqual(at(6.5));
  });
});
