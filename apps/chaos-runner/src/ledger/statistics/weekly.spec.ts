import { describe, expect, it } from 'vitest';
import { span, WEEK_2, WEEK_3, minutes } from './test-spans';
import { weeklyStatistics, weeksOf } from './weekly';

const WEEK_4 = new Date(WEEK_3.getTime() + 7 * 86_400_000);
const WEEK_MINUTES = 10_080; // a week

describe('weeklyStatistics', () => {
  it('counts alerts by service and by alert per ISO week, every week of the range listed', () => {
    const spans = [
      span('TargetDown', 0, 10),
      span('TargetDown', 30, 40),
      span('HighCpu', 60, 70, { service: 'scale-extractor' }),
      span('TargetDown', WEEK_MINUTES + 1, WEEK_MINUTES + 2),
    ];
    const weeks = weeklyStatistics(spans, { from: WEEK_2, to: WEEK_4, noiseSeconds: 300, windows: [] });
    expect(weeks.map((week) => [week.week, week.alerts])).toEqual([
      ['2026-W02', 3],
      ['2026-W03', 1],
    ]);
    expect(weeks[0].alertsByService).toEqual([
      { service: 'scale-api', group: 'experiment', count: 2 },
      { service: 'scale-extractor', group: 'experiment', count: 1 },
    ]);
    expect(weeks[0].topAlerts).toEqual([
      { alertname: 'TargetDown', service: 'scale-api', group: 'experiment', count: 2 },
      { alertname: 'HighCpu', service: 'scale-extractor', group: 'experiment', count: 1 },
    ]);
  });

  it('lists at most the 20 most frequent alerts', () => {
    const spans = Array.from({ length: 25 }, (_, i) =>
      Array.from({ length: i + 1 }, (_, j) => span(`Alert${i}`, i * 100 + j * 2, i * 100 + j * 2 + 1)),
    ).flat();
    const [week] = weeklyStatistics(spans, { from: WEEK_2, to: WEEK_3, noiseSeconds: 300, windows: [] });
    expect(week.topAlerts).toHaveLength(20);
    expect(week.topAlerts[0]).toMatchObject({ alertname: 'Alert24', count: 25 });
    expect(week.topAlerts[19]).toMatchObject({ alertname: 'Alert5', count: 6 });
  });

  it('counts as noise the short self-resolving alerts no window of their group explains', () => {
    const spans = [
      span('HighCpu', 0, 3), // 3 minutes, nothing behind it: noise
      span('HighCpu', 100, 110), // 10 minutes: too long for noise
      span('TargetDown', 200, 202), // during an experiment on its group: explained
      span('TargetDown', 200, 202, { group: 'control' }), // the experiment does not explain the control group
      span('HighCpu', 300, null), // still firing: not noise (yet)
    ];
    const windows = [
      {
        from: new Date(WEEK_2.getTime() + minutes(199)),
        to: new Date(WEEK_2.getTime() + minutes(205)),
        group: 'experiment',
      },
    ];
    const [week] = weeklyStatistics(spans, { from: WEEK_2, to: WEEK_3, noiseSeconds: 300, windows });
    expect(week.noisy).toBe(2);
    expect(week.noisyAlerts).toEqual([
      { alertname: 'HighCpu', service: 'scale-api', group: 'experiment', count: 1 },
      { alertname: 'TargetDown', service: 'scale-api', group: 'control', count: 1 },
    ]);
    const windowForAll = [{ ...windows[0], group: undefined }];
    expect(
      weeklyStatistics(spans, { from: WEEK_2, to: WEEK_3, noiseSeconds: 300, windows: windowForAll })[0].noisy,
    ).toBe(1);
    expect(weeklyStatistics(spans, { from: WEEK_2, to: WEEK_3, noiseSeconds: 60, windows: [] })[0].noisy).toBe(0);
  });

  it('counts incidents by SEV level and by service in the week they started, not again when open at the start', () => {
    const spans = [
      span('ZoneOutage', -30, 5, { sev: 'SEV1' }), // started the week before, still open at `from`
      span('TargetDown', 2, 8, { sev: 'SEV2' }), // part of that incident
      span('TargetDown', 60, 70, { sev: 'SEV2' }),
      span('ProcessRestarts', 65, 66, { sev: 'SEV3' }),
      span('ExtractorStalled', 60, 90, { service: 'scale-extractor', sev: 'SEV2' }),
    ];
    const [week] = weeklyStatistics(spans, { from: WEEK_2, to: WEEK_3, noiseSeconds: 300, windows: [] });
    expect(week.incidents).toBe(2);
    expect(week.incidentsBySev).toEqual([
      { sev: 'SEV1', count: 0 },
      { sev: 'SEV2', count: 2 },
      { sev: 'SEV3', count: 0 },
      { sev: 'SEV4', count: 0 },
    ]);
    expect(week.incidentsByService).toEqual([
      { service: 'scale-api', group: 'experiment', count: 1 },
      { service: 'scale-extractor', group: 'experiment', count: 1 },
    ]);
    // The alerts themselves are counted in the week they started.
    expect(week.alerts).toBe(4);
  });
});

describe('weeksOf', () => {
  it('lists each ISO week touched once, across a year boundary', () => {
    expect(weeksOf(new Date('2025-12-24T12:00:00Z'), new Date('2026-01-05T00:00:00Z'))).toEqual([
      '2025-W52',
      '2026-W01',
    ]);
    expect(weeksOf(new Date('2025-12-24T12:00:00Z'), new Date('2026-01-05T00:00:01Z'))).toEqual([
      '2025-W52',
      '2026-W01',
      '2026-W02',
    ]);
  });
});
