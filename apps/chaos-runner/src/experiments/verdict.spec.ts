import { describe, expect, it } from 'vitest';
import { parseExperimentDocument, type DetectionMoments, type DetectionTimings, type Firing } from '@scale/chaos';
import { detectedAt, judgeVerdict } from './verdict';

const document = parseExperimentDocument({
  title: 'API survives losing a replica',
  fault: { kind: 'pod-kill', target: { service: 'scale-api' } },
  durationSeconds: 30,
  steadyState: {
    probes: [{ name: 'p95', query: 'p95{group="$group"}', tolerance: { type: 'relative', maxRatio: 1.5 } }],
  },
  expectedAlerts: [{ alertname: 'TargetDown', withinSeconds: 60 }],
});

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
const injectedAt = at(10);
const series = (values: number[]) => values.map((value, index): [number, number] => [1000 + index, value]);
const firing = (alertname: string, group: string, from: number, to: number | null): Firing => ({
  alertname,
  group,
  service: 'scale-api',
  startsAt: at(from),
  endsAt: to === null ? null : at(to),
});

/** TargetDown's configuration: 1 s scrapes and evaluations, `for: 30s`, a group wait of 1 s: a floor of 33 s. */
const TARGET_DOWN: DetectionTimings = {
  scrapeIntervalSeconds: 1,
  evaluationIntervalSeconds: 1,
  forSeconds: 30,
  groupWaitSeconds: 1,
  groupIntervalSeconds: 5,
};

const NOTHING_MEASURED: DetectionMoments = {
  injectedAt,
  effectAt: null,
  firstScrapeAt: null,
  conditionAt: null,
  pendingAt: null,
  firingAt: null,
  notifiedAt: injectedAt,
};

const evidence = (overrides: Partial<Parameters<typeof judgeVerdict>[0]> = {}) => ({
  document,
  samples: {
    p95: { control: series([0.1, 0.11, 0.1, 0.12, 0.1, 0.11]), experiment: series([0.12, 0.1, 0.13, 0.11, 0.12, 0.1]) },
  },
  observed: true,
  injectedAt,
  window: { from: at(0), to: at(50) },
  recovered: true,
  recoveredAt: at(40),
  firings: [],
  timings: new Map([['TargetDown', TARGET_DOWN]]),
  moments: new Map<string, DetectionMoments>(),
  integrity: { holds: true },
  ...overrides,
});

describe('judgeVerdict', () => {
  it('holds when the experiment group stays within tolerance, and measures detection, MTTR and recovery', () => {
    const firings = [firing('TargetDown', 'experiment', 45, 75), firing('TargetDown', 'experiment', 5, 8)];
    const verdict = judgeVerdict(evidence({ firings }));
    expect(verdict.hypothesis).toBe('held');
    expect(verdict.probes[0]).toMatchObject({
      name: 'p95',
      controlMedian: expect.closeTo(0.105),
      experimentMedian: expect.closeTo(0.115),
      holds: true,
    });
    expect(verdict.probes[0].pValue).toBeGreaterThan(0.05);
    // The firing before the injection detected something else.
    expect(verdict.detection).toEqual([
      {
        alertname: 'TargetDown',
        detected: true,
        mttdSeconds: 35,
        withinDeadline: true,
        breakdown: null,
        floor: { effect: 0, scrape: 1, condition: 0, evaluation: 1, for: 30, notification: 1, total: 33 },
      },
    ]);
    expect(verdict.detectionFloorSeconds).toBe(33);
    expect(verdict.mttrSeconds).toBe(30);
    expect(verdict.recoverySeconds).toBe(30);
    expect(verdict.falseAlarms).toBe(0);
    expect(detectedAt(injectedAt, verdict)).toEqual(at(45));
  });

  it('deviates when the experiment group leaves the tolerance, with a small p-value for a clear difference', () => {
    const verdict = judgeVerdict(
      evidence({
        samples: {
          p95: {
            control: series([0.1, 0.11, 0.1, 0.12, 0.1, 0.11]),
            experiment: series([0.5, 0.6, 0.55, 0.7, 0.52, 0.58]),
          },
        },
      }),
    );
    expect(verdict.hypothesis).toBe('deviated');
    expect(verdict.probes[0].holds).toBe(false);
    expect(verdict.probes[0].pValue).toBeLessThan(0.01);
  });

  it('does not pass a probe without samples, and says nothing was evaluated when no window was observed', () => {
    const empty = { p95: { control: [], experiment: [] } };
    expect(judgeVerdict(evidence({ samples: empty })).probes[0]).toMatchObject({
      holds: false,
      controlMedian: null,
      pValue: null,
    });
    expect(judgeVerdict(evidence({ samples: empty, observed: false })).hypothesis).toBe('not-evaluated');
  });

  it('reports an undetected fault as such, and control-group firings during the run as false alarms', () => {
    const verdict = judgeVerdict(
      evidence({ firings: [firing('HighCpu', 'control', 20, 30), firing('TargetDown', 'control', 15, null)] }),
    );
    expect(verdict.detection).toEqual([
      expect.objectContaining({ alertname: 'TargetDown', detected: false, mttdSeconds: null, breakdown: null }),
    ]);
    expect(verdict.falseAlarms).toBe(2);
    expect(verdict.mttrSeconds).toBeNull();
    expect(detectedAt(injectedAt, verdict)).toBeNull();
  });

  it('breaks the detection into parts that add up to its MTTD, and adds the measured unavoidable ones to its floor', () => {
    // Pod killed 0.4 s after the injection; the scrape at 11.2 s failed; the rule held from the new process's
    // first scrape at 16.2 s (it reads the restarted process); pending at 17 s, firing at 47 s, told at 48.1 s.
    const moments: DetectionMoments = {
      injectedAt,
      effectAt: at(10.4),
      firstScrapeAt: at(11.2),
      conditionAt: at(16.2),
      pendingAt: at(17),
      firingAt: at(47),
      notifiedAt: at(48.1),
    };
    const firings = [{ ...firing('TargetDown', 'experiment', 47, null), notifiedAt: at(48.1) }];
    const verdict = judgeVerdict(evidence({ firings, moments: new Map([['TargetDown', moments]]) }));
    const [detection] = verdict.detection;
    expect(detection.mttdSeconds).toBeCloseTo(38.1, 6);
    expect(detection.breakdown).toEqual({
      effect: 0.4,
      scrape: 0.8,
      condition: 5,
      evaluation: 0.8,
      for: 30,
      notification: 1.1,
      largest: 'for',
    });
    expect(detection.floor).toEqual({
      effect: 0.4,
      scrape: 1,
      condition: 5,
      evaluation: 1,
      for: 30,
      notification: 1,
      total: 38.4,
    });
    expect(verdict.detectionFloorSeconds).toBe(38.4);
  });

  it("counts Alertmanager's group interval in the floor when the alert joined a group another firing held", () => {
    // Another replica's TargetDown (same name, service and group) was still firing: one notification group.
    const moments = new Map([['TargetDown', { ...NOTHING_MEASURED, firingAt: at(45), notifiedAt: at(46) }]]);
    const firings = [firing('TargetDown', 'experiment', 5, null), firing('TargetDown', 'experiment', 45, null)];
    const [detection] = judgeVerdict(evidence({ firings, moments })).detection;
    expect(detection.floor).toMatchObject({ notification: 5, total: 37 });
    const alone = [firing('TargetDown', 'experiment', 5, 20), firing('TargetDown', 'experiment', 45, null)];
    expect(judgeVerdict(evidence({ firings: alone, moments })).detection[0].floor).toMatchObject({ notification: 1 });
  });

  it('has no floor for an alert Prometheus has no rule for, and a floor of 0 without expected alerts', () => {
    expect(judgeVerdict(evidence({ timings: new Map() }))).toMatchObject({
      detection: [expect.objectContaining({ floor: null })],
      detectionFloorSeconds: 0,
    });
  });

  it('leaves recovery unmeasured when the run did not recover', () => {
    expect(judgeVerdict(evidence({ recovered: false, recoveredAt: null }))).toMatchObject({
      recovered: false,
      recoverySeconds: null,
    });
  });
});
