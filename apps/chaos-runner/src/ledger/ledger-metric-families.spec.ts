import { describe, expect, it } from 'vitest';
import { ledgerMetricFamilies } from './ledger-metric-families';
import type { MetricSample } from '@scale/telemetry';
import { span, WEEK_2 } from './statistics/test-spans';

const now = new Date(WEEK_2.getTime() + 86_400_000);
const options = { now, noiseSeconds: 300, windows: [], oncallWindowSeconds: 28 * 86_400 };

const value = (samples: readonly MetricSample[] | null, labels: Record<string, string | number>, metricName?: string) =>
  samples?.find(
    (sample) =>
      sample.metricName === metricName && Object.entries(labels).every(([name, v]) => sample.labels[name] === v),
  )?.value;

describe('ledgerMetricFamilies', () => {
  const spans = [
    span('TargetDown', 0, 2, { sev: 'SEV2' }),
    span('TargetDown', 10, 20, { sev: 'SEV2' }),
    span('TargetDown', 30, null, { sev: 'SEV2' }),
    span('HighCpu', 0, 1, { group: 'control' }),
  ];
  const families = ledgerMetricFamilies(spans, options);

  it("counts occurrences and those firing, labelled with the alert's service and group", () => {
    const targetDown = {
      alertname: 'TargetDown',
      alert_service: 'scale-api',
      alert_group: 'experiment',
      severity: 'high',
      sev: 'SEV2',
    };
    expect(value(families.alertsTotal, targetDown)).toBe(3);
    expect(value(families.alertsFiring, targetDown)).toBe(1);
    expect(value(families.alertsFiring, { alertname: 'HighCpu', alert_group: 'control' })).toBe(0);
    for (const sample of families.alertsTotal) {
      expect(Object.keys(sample.labels).sort()).toEqual([
        'alert_group',
        'alert_service',
        'alertname',
        'sev',
        'severity',
      ]);
    }
  });

  it('puts resolution times in cumulative buckets, with their sum and count', () => {
    const experiment = { alert_service: 'scale-api', alert_group: 'experiment' };
    const bucket = (le: number | string) =>
      value(families.timeToResolve, { ...experiment, le }, 'scale_ledger_time_to_resolve_seconds_bucket');
    // 120 s and 600 s resolved; the firing one is not in the histogram.
    expect([bucket(60), bucket(120), bucket(300), bucket(600), bucket('+Inf')]).toEqual([0, 1, 1, 2, 2]);
    expect(value(families.timeToResolve, experiment, 'scale_ledger_time_to_resolve_seconds_sum')).toBe(720);
    expect(value(families.timeToResolve, experiment, 'scale_ledger_time_to_resolve_seconds_count')).toBe(2);
  });

  it('counts noise, starting at 0 for alerts never noisy, and says nothing when the windows are unknown', () => {
    expect(value(families.noisyTotal, { alertname: 'TargetDown', alert_group: 'experiment' })).toBe(1);
    expect(value(families.noisyTotal, { alertname: 'HighCpu', alert_group: 'control' })).toBe(1);
    const explained = ledgerMetricFamilies(spans, { ...options, windows: [{ from: WEEK_2, to: now }] });
    expect(value(explained.noisyTotal, { alertname: 'TargetDown' })).toBe(0);
    expect(ledgerMetricFamilies(spans, { ...options, windows: null }).noisyTotal).toBeNull();
  });

  it('counts incidents by SEV level from 0, and gives MTTR and MTBF over the recent ones', () => {
    const experiment = { alert_service: 'scale-api', alert_group: 'experiment' };
    expect(value(families.incidentsTotal, { ...experiment, sev: 'SEV2' })).toBe(3);
    expect(value(families.incidentsTotal, { ...experiment, sev: 'SEV1' })).toBe(0);
    expect(value(families.mttr, experiment)).toBe(360);
    // 2 → 10 and 20 → 30 minutes
    expect(value(families.mtbf, experiment)).toBe(540);
    // Only one control incident: no time between failures yet.
    expect(value(families.mtbf, { alert_group: 'control' })).toBeUndefined();
    const later = ledgerMetricFamilies(spans, { ...options, now: new Date(now.getTime() + 60 * 86_400_000) });
    expect(later.mttr).toEqual([]);
    expect(value(later.incidentsTotal, { ...experiment, sev: 'SEV2' })).toBe(3);
  });
});
