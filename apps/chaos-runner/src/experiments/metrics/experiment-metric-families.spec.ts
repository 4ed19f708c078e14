import { FAULT_KINDS } from '@scale/chaos';
import { describe, expect, it } from 'vitest';
import {
  ANNOTATED_EXPERIMENTS,
  experimentMetricFamilies,
  floorsFromJournal,
  latestCompleted,
} from './experiment-metric-families';
import type { MetricSample } from '@scale/telemetry';
import type { ExperimentRecord, RecordedVerdict } from './experiment-record';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5) + minute * 60_000);

const verdict = (more: Partial<RecordedVerdict> = {}): RecordedVerdict => ({
  hypothesis: 'held',
  recovered: true,
  detection: [{ alertname: 'TargetDown', detected: true, mttdSeconds: 35, withinDeadline: true }],
  falseAlarms: 0,
  recoverySeconds: 50,
  detectionFloorSeconds: 32,
  ...more,
});

/** A completed pod-kill run that started at `minute`, injected a minute later and ended ten minutes after it started. */
function experiment(id: string, minute: number, more: Partial<ExperimentRecord> = {}): ExperimentRecord {
  return {
    id,
    title: `run ${id}`,
    fault: 'pod-kill',
    targetGroup: 'experiment',
    status: 'completed',
    dryRun: false,
    createdAt: at(minute),
    startedAt: at(minute),
    injectedAt: at(minute + 1),
    detectedAt: at(minute + 2),
    recoveredAt: at(minute + 3),
    endedAt: at(minute + 10),
    verdict: verdict(),
    ...more,
  };
}

const value = (samples: readonly MetricSample[], labels: Record<string, string>) =>
  samples
    .filter((sample) => Object.entries(labels).every(([name, v]) => sample.labels[name] === v))
    .map((sample) => sample.value);

describe('experimentMetricFamilies', () => {
  it('counts ended experiments by final status from 0 for every fault kind, and those under way apart', () => {
    const families = experimentMetricFamilies(
      [
        experiment('a', 0),
        experiment('b', 20, { status: 'aborted' }),
        experiment('c', 40, { status: 'running', endedAt: null, verdict: null }),
        experiment('d', 60, { fault: 'cpu-hog', status: 'refused', injectedAt: null, verdict: null }),
      ],
      new Map(),
    );
    const podKill = { target_group: 'experiment', fault: 'pod-kill' };
    expect(value(families.experimentsTotal, { ...podKill, status: 'completed' })).toEqual([1]);
    expect(value(families.experimentsTotal, { ...podKill, status: 'aborted' })).toEqual([1]);
    expect(value(families.experimentsTotal, { ...podKill, status: 'failed' })).toEqual([0]);
    // The run under way counts once it ends, so the totals never go down.
    expect(value(families.experimentsTotal, { ...podKill, status: 'running' })).toEqual([]);
    expect(value(families.running, podKill)).toEqual([1]);
    expect(value(families.experimentsTotal, { fault: 'cpu-hog', status: 'refused' })).toEqual([1]);
    for (const fault of FAULT_KINDS) {
      expect(value(families.running, { fault })).toHaveLength(1);
      expect(value(families.experimentsTotal, { fault, target_group: 'experiment' })).toHaveLength(4);
    }
    for (const sample of families.experimentsTotal) {
      expect(Object.keys(sample.labels).sort()).toEqual(['fault', 'status', 'target_group']);
    }
  });

  it('counts the outcomes of injected faults: verdicts, not recovered, false alarms and undetected alerts, leaving dry runs out', () => {
    const undetected = [
      { alertname: 'TargetDown', detected: false, mttdSeconds: null, withinDeadline: false },
      { alertname: 'ProcessRestarts', detected: true, mttdSeconds: 4, withinDeadline: true },
    ];
    const families = experimentMetricFamilies(
      [
        experiment('a', 0),
        experiment('b', 20, {
          verdict: verdict({ hypothesis: 'deviated', recovered: false, falseAlarms: 2, detection: undetected }),
        }),
        experiment('c', 40, {
          status: 'aborted',
          verdict: verdict({ hypothesis: 'not-evaluated', falseAlarms: 1, detection: undetected }),
        }),
        experiment('dry', 60, {
          dryRun: true,
          injectedAt: null,
          verdict: verdict({ hypothesis: 'deviated', recovered: false, falseAlarms: 5, detection: [] }),
        }),
      ],
      new Map(),
    );
    const podKill = { fault: 'pod-kill' };
    expect([
      ...['held', 'deviated', 'not-evaluated'].map(
        (hypothesis) => value(families.verdictsTotal, { ...podKill, hypothesis })[0],
      ),
    ]).toEqual([1, 1, 1]);
    expect(value(families.verdictsTotal, { fault: 'zone-outage', hypothesis: 'held' })).toEqual([0]);
    expect(value(families.notRecoveredTotal, podKill)).toEqual([1]);
    expect(value(families.falseAlarmsTotal, podKill)).toEqual([3]);
    expect(value(families.undetectedTotal, { ...podKill, alertname: 'TargetDown' })).toEqual([2]);
    // Detected every time: the series is there, at 0.
    expect(value(families.undetectedTotal, { ...podKill, alertname: 'ProcessRestarts' })).toEqual([0]);
    // The dry run is an experiment all the same.
    expect(value(families.experimentsTotal, { ...podKill, status: 'completed' })).toEqual([3]);
  });

  it('gives MTTD, its floor and the recovery time of the newest completed experiment of each fault kind', () => {
    const newest = experiment('newest', 100, {
      verdict: verdict({
        detection: [
          { alertname: 'TargetDown', detected: true, mttdSeconds: 41, withinDeadline: true },
          { alertname: 'ProcessRestarts', detected: false, mttdSeconds: null, withinDeadline: false },
        ],
        recoverySeconds: 75,
        detectionFloorSeconds: 2,
      }),
    });
    const records = [
      experiment('older', 0),
      newest,
      // Newer, but none of them is a completed run of an injected fault.
      experiment('aborted', 200, { status: 'aborted' }),
      experiment('dry', 300, { dryRun: true }),
      experiment('hog', 50, { fault: 'cpu-hog', verdict: verdict({ recoverySeconds: null }) }),
    ];
    expect(
      latestCompleted(records)
        .map((record) => record.id)
        .sort(),
    ).toEqual(['hog', 'newest']);

    const floors = new Map([
      [
        'newest',
        [
          { alertname: 'TargetDown', floorSeconds: 32 },
          { alertname: 'ProcessRestarts', floorSeconds: 2 },
        ],
      ],
    ]);
    const families = experimentMetricFamilies(records, floors);
    const podKill = { target_group: 'experiment', fault: 'pod-kill' };
    expect(value(families.mttd, podKill)).toEqual([41]);
    expect(value(families.mttd, { ...podKill, alertname: 'ProcessRestarts' })).toEqual([]);
    expect(value(families.detectionFloor, { ...podKill, alertname: 'TargetDown' })).toEqual([32]);
    expect(value(families.detectionFloor, { ...podKill, alertname: 'ProcessRestarts' })).toEqual([2]);
    expect(value(families.recovery, podKill)).toEqual([75]);
    // The cpu-hog run did not recover: no recovery time rather than a stale one.
    expect(value(families.recovery, { fault: 'cpu-hog' })).toEqual([]);
    // Without its journal entry, the verdict's floor is the alert's own only when it is the only expected one.
    expect(value(families.detectionFloor, { fault: 'cpu-hog', alertname: 'TargetDown' })).toEqual([32]);
    expect(
      experimentMetricFamilies(records, new Map()).detectionFloor.filter(
        (sample) => sample.labels.fault === 'pod-kill',
      ),
    ).toEqual([]);
  });

  it('stamps each event the newest experiments reached with its unix time, for annotations', () => {
    const families = experimentMetricFamilies(
      [experiment('a', 0), experiment('b', 20, { detectedAt: null, recoveredAt: null })],
      new Map(),
    );
    expect(value(families.eventTimestamps, { experiment: 'a' })).toHaveLength(5);
    expect(
      value(families.eventTimestamps, {
        experiment: 'a',
        event: 'injection',
        title: 'run a',
        fault: 'pod-kill',
        target_group: 'experiment',
      }),
    ).toEqual([at(1).getTime() / 1000]);
    expect(
      families.eventTimestamps
        .filter((sample) => sample.labels.experiment === 'b')
        .map((sample) => sample.labels.event),
    ).toEqual(['start', 'injection', 'end']);

    const many = Array.from({ length: ANNOTATED_EXPERIMENTS + 5 }, (_, index) => experiment(`e${index}`, index * 20));
    const stamped = new Set(
      experimentMetricFamilies(many, new Map()).eventTimestamps.map((sample) => sample.labels.experiment),
    );
    expect(stamped.size).toBe(ANNOTATED_EXPERIMENTS);
    expect(stamped.has(`e${ANNOTATED_EXPERIMENTS + 4}`)).toBe(true);
    expect(stamped.has('e4')).toBe(false);
  });
});

describe('floorsFromJournal', () => {
  it('reads the floors the run journalled, and nothing of another shape', () => {
    const floors = [
      { alertname: 'TargetDown', floorSeconds: 32, forSeconds: 30 },
      { alertname: 'Missing', floorSeconds: null, forSeconds: null },
    ];
    expect(floorsFromJournal(floors)).toEqual(floors);
    expect(floorsFromJournal(null)).toBeNull();
    expect(floorsFromJournal([{ alertname: 'TargetDown', floorSeconds: '32' }])).toBeNull();
  });
});
