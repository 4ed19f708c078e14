import { describe, expect, it } from 'vitest';
import { ageQuery, decideWindows, lookbackSeconds, type WindowCoverage } from './probe-windows';

const RULES = new Map([
  [
    'service_group:http_server_request_errors:ratio_rate1m',
    'sum by (service, group) (rate(http_server_request_duration_seconds_count{status_code=~"5.."}[1m])) / sum by (service, group) (rate(http_server_request_duration_seconds_count[1m]))',
  ],
  [
    'service_group:http_server_request_duration_seconds:p95_5m',
    'histogram_quantile(0.95, sum by (service, group, le) (rate(http_server_request_duration_seconds_bucket[5m])))',
  ],
  ['job:smoothed_errors:avg10m', 'avg_over_time(service_group:http_server_request_errors:ratio_rate1m[10m])'],
  ['loop:a', 'loop:b + 1'],
  ['loop:b', 'rate(x[30s]) + loop:a'],
]);

describe('lookbackSeconds', () => {
  it('reads the longest range of the query itself, and its offset', () => {
    expect(lookbackSeconds('rate(x[1m])', RULES)).toBe(60);
    expect(lookbackSeconds('rate(x[30s]) / rate( y{a="b"} [ 2m ])', RULES)).toBe(120);
    expect(lookbackSeconds('rate(x[1m] offset 5m)', RULES)).toBe(360);
    expect(lookbackSeconds('rate(x[90])', RULES)).toBe(90);
  });

  it("adds a subquery's range to the reach of the expression it evaluates, however deep", () => {
    expect(lookbackSeconds('max_over_time(rate(x[1m])[5m:30s])', RULES)).toBe(360);
    expect(lookbackSeconds('max_over_time((rate(x[1m]) + y)[5m:])', RULES)).toBe(360);
    expect(lookbackSeconds('avg_over_time(max_over_time(rate(x[1m])[5m:30s])[10m:1m]) > rate(z[30m])', RULES)).toBe(
      1800,
    );
    expect(lookbackSeconds('avg_over_time(max_over_time(rate(x[1m])[5m:30s])[10m:1m])', RULES)).toBe(960);
    expect(lookbackSeconds('min_over_time(up{group="control"}[2m:10s])', RULES)).toBe(120);
  });

  it('is 0 for instant values only', () => {
    expect(lookbackSeconds('count(up{group="control"})', RULES)).toBe(0);
    expect(lookbackSeconds('scale_extractor_oldest_job_age_seconds', RULES)).toBe(0);
  });

  it('adds the reach of the recording rules a query reads, through rules built on rules, once each', () => {
    expect(lookbackSeconds('service_group:http_server_request_errors:ratio_rate1m{group="control"}', RULES)).toBe(60);
    expect(lookbackSeconds('service_group:http_server_request_duration_seconds:p95_5m > 0.5', RULES)).toBe(300);
    expect(lookbackSeconds('job:smoothed_errors:avg10m', RULES)).toBe(660);
    expect(lookbackSeconds('loop:a', RULES)).toBe(30);
  });

  it('takes no rule name or bracket from inside a label value', () => {
    expect(lookbackSeconds('up{job="service_group:http_server_request_errors:ratio_rate1m"}', RULES)).toBe(0);
    expect(lookbackSeconds('up{le=~"[5m]"}', RULES)).toBe(0);
  });
});

describe('ageQuery', () => {
  it('asks how long the oldest of the series has had values, within the window, in steps of the scrape', () => {
    expect(ageQuery('rate(x{group="control"}[1m])', 66.2, 2)).toBe(
      'time() - min(min_over_time(timestamp(rate(x{group="control"}[1m]))[67s:2000ms]))',
    );
    expect(ageQuery('x', 10, 0.5)).toBe('time() - min(min_over_time(timestamp(x)[10s:500ms]))');
  });
});

const coverage = (ageSeconds: number | null, neededSeconds = 62, group: 'control' | 'experiment' = 'control') =>
  ({ probe: 'API 5xx ratio', group, neededSeconds, ageSeconds }) satisfies WindowCoverage;
const limits = { waitedSeconds: 0, timeoutSeconds: 600, pollSeconds: 5 };

describe('decideWindows', () => {
  it('is full when every series is as old as its windows need, and when there is nothing to wait for', () => {
    expect(decideWindows([coverage(62), coverage(3600, 62, 'experiment')], limits)).toEqual({ kind: 'full' });
    expect(decideWindows([], limits)).toEqual({ kind: 'full' });
  });

  it('waits out the longest shortfall of the series that have data: they keep ageing', () => {
    const young = coverage(40, 62, 'experiment');
    expect(decideWindows([coverage(36), young, coverage(100)], limits)).toEqual({
      kind: 'wait',
      seconds: 26,
      short: [coverage(36), young],
    });
  });

  it('looks again after a probe interval while a series has no data at all, since it may start at any moment', () => {
    expect(decideWindows([coverage(null), coverage(60)], limits)).toEqual({
      kind: 'wait',
      seconds: 5,
      short: [coverage(null), coverage(60)],
    });
    expect(decideWindows([coverage(null, 3)], limits)).toMatchObject({ kind: 'wait', seconds: 3 });
  });

  it('gives up, naming each short probe, as soon as the windows could not be full within the timeout', () => {
    expect(decideWindows([coverage(36)], { ...limits, waitedSeconds: 580 })).toEqual({
      kind: 'give-up',
      reason:
        "the probes' windows would not be full within 600 s (PROBE_WINDOWS_TIMEOUT_SECONDS): API 5xx ratio in the control group has 36 s of data, needs 62 s",
    });
    expect(decideWindows([coverage(null, 900, 'experiment')], limits)).toEqual({
      kind: 'give-up',
      reason:
        "the probes' windows would not be full within 600 s (PROBE_WINDOWS_TIMEOUT_SECONDS): API 5xx ratio in the experiment group has no data yet, needs 900 s",
    });
  });

  it('never decides "full" while any series is short, however long it has waited', () => {
    const decision = decideWindows([coverage(61.9)], { ...limits, waitedSeconds: 599.9 });
    expect(decision.kind).not.toBe('full');
  });
});
