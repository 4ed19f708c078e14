import { describe, expect, it } from 'vitest';
import type { DetectionVerdict, ExperimentDetail } from '../../../chaos-runner/src/experiments/experiment-views';
import { detectionLines, resultsTable } from './results-table';

const detection = (fields: Partial<DetectionVerdict>): DetectionVerdict => ({
  alertname: 'ZoneOutage',
  detected: true,
  mttdSeconds: 31.62,
  withinDeadline: true,
  breakdown: { effect: 0.4, scrape: 0.7, condition: 0, evaluation: 0.5, for: 30, notification: 0.02, largest: 'for' },
  floor: { effect: 0.4, scrape: 2, condition: 0, evaluation: 2, for: 30, notification: 0, total: 34.4 },
  ...fields,
});

const result = (detections: DetectionVerdict[]) => ({
  detail: {
    faultKind: 'zone-outage',
    status: 'completed',
    verdict: {
      hypothesis: 'held',
      recovered: true,
      detection: detections,
      mttrSeconds: 12,
      recoverySeconds: 70,
      detectionFloorSeconds: 34.4,
      integrity: { holds: true },
    },
  } as unknown as ExperimentDetail,
  control: { errors: 0, p99Seconds: 0.02 },
  experiment: { errors: 3, p99Seconds: 0.05 },
});

describe('resultsTable', () => {
  it('prints the fastest detection beside its own floor, and the part most of its time went to', () => {
    const table = resultsTable([
      result([detection({}), detection({ alertname: 'TargetDown', mttdSeconds: 40, breakdown: null, floor: null })]),
    ]);
    const [header, , row] = table.split('\n');
    expect(header).toMatch(/MTTD \(floor\)\s+largest part\s+MTTR/);
    expect(row).toMatch(/31\.6 s \(34\.4 s\)\s+for 30\.0 s\s+12\.0 s/);
  });

  it('lists each measured detection part by part beside its floor, and nothing without one', () => {
    expect(detectionLines([result([detection({}), detection({ alertname: 'TargetDown', breakdown: null })])])).toBe(
      '\nDetection, measured/floor in seconds:\n' +
        'zone-outage ZoneOutage 31.6 s (floor 34.4 s): effect 0.4/0.4 · scrape 0.7/2.0 · condition 0.0/0.0 · ' +
        'evaluation 0.5/2.0 · for 30.0/30.0 · notification 0.0/0.0\n',
    );
    expect(detectionLines([result([detection({ breakdown: null })])])).toBe('');
  });

  it('leaves the part out of a verdict written before breakdowns', () => {
    const old = detection({ breakdown: undefined, floor: undefined } as unknown as Partial<DetectionVerdict>);
    const [, , row] = resultsTable([result([old])]).split('\n');
    expect(row).toMatch(/31\.6 s \(34\.4 s\)\s+-\s+12\.0 s/);
  });
});
