import { describe, expect, it } from 'vitest';
import { serviceStatistics } from './services';
import { span, WEEK_2, WEEK_3 } from './test-spans';

describe('serviceStatistics', () => {
  it('gives time to resolve per alert, and MTTR and MTBF over incidents, per service and group', () => {
    const spans = [
      span('TargetDown', 0, 2),
      span('ProcessRestarts', 1, 4), // overlaps: one incident 0..4
      span('TargetDown', 10, 20), // incident 10..20
      span('HighCpu', 30, null), // open incident
      span('HighCpu', 0, 60, { service: 'scale-extractor' }),
    ];
    const [api, extractor] = serviceStatistics(spans, { from: WEEK_2, to: WEEK_3 });
    expect(api).toEqual({
      service: 'scale-api',
      group: 'experiment',
      alerts: 4,
      firing: 1,
      // 120 s, 180 s, 600 s
      timeToResolve: { meanSeconds: 300, p50Seconds: 180, p90Seconds: 516 },
      incidents: 3,
      // (240 s + 600 s) / 2; the open one is not resolved
      mttrSeconds: 420,
      // 4 → 10 and 20 → 30 minutes
      mtbfSeconds: 480,
    });
    expect(extractor).toMatchObject({
      service: 'scale-extractor',
      alerts: 1,
      incidents: 1,
      mttrSeconds: 3600,
      mtbfSeconds: null,
    });
  });

  it('counts only what started in the range', () => {
    const spans = [span('TargetDown', -20, 5), span('TargetDown', 3, 4)];
    const [api] = serviceStatistics(spans, { from: WEEK_2, to: WEEK_3 });
    expect(api.alerts).toBe(1);
    // The incident began before the range.
    expect(api.incidents).toBe(0);
    expect(api.mttrSeconds).toBeNull();
  });
});
