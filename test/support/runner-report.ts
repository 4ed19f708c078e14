import type { ExperimentDocument } from '@scale/chaos';
import type {
  ExperimentDetail,
  ExperimentReportData,
  ReportSeries,
} from '../../apps/chaos-runner/src/experiments/experiment-views';

/** A small deterministic generator, so the report looks the same in every run and screenshot. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

export const POD_KILL_DOCUMENT: ExperimentDocument = {
  title: 'API survives losing a replica',
  description: 'One API replica of the experiment group is killed (every process of the pod); the other zone serves.',
  fault: { kind: 'pod-kill', target: { service: 'scale-api', mode: 'one' }, params: {} },
  durationSeconds: 60,
  steadyState: {
    probes: [
      {
        name: 'api p95 latency',
        query: 'service_group:http_server_request_duration_seconds:p95_1m{service="scale-api",group="$group"}',
        tolerance: { type: 'relative', maxRatio: 1.5 },
      },
      {
        name: 'api error ratio',
        query: 'service_group:http_server_request_errors:ratio_rate1m{service="scale-api",group="$group"}',
        tolerance: { type: 'absolute', max: 0.01 },
      },
      {
        name: 'api throughput',
        query: 'service_group:http_server_requests:rate1m{service="scale-api",group="$group"}',
        tolerance: { type: 'relative', maxRatio: 1.2, minRatio: 0.8 },
      },
    ],
  },
  abortConditions: [
    {
      name: 'errors',
      query: 'service_group:http_server_request_errors:ratio_rate1m{group="$group"}',
      max: 0.5,
      forSamples: 3,
    },
  ],
  expectedAlerts: [
    { alertname: 'TargetDown', withinSeconds: 90 },
    { alertname: 'ApiAvailabilityBudgetBurn', withinSeconds: 120 },
  ],
  dryRun: false,
  maxTargetShare: 0.5,
};

/**
 * A pod kill as the runner reports one: 30 s of steady state, the kill, TargetDown 17 s later,
 * errors and slower answers in the experiment group until the replica is back, then recovery.
 * Times are unix seconds from `start`.
 */
export function podKillReport(start = Date.UTC(2026, 4, 4, 10, 0, 0) / 1000): ExperimentReportData {
  const injection = start + 30;
  const detection = injection + 17;
  const recovery = injection + 65;
  const end = start + 150;
  const random = noise(7);
  const times = Array.from({ length: 31 }, (_, index) => start + index * 5);
  const during = (at: number) => at >= injection && at < recovery;
  const series = (
    name: string,
    unit: string,
    control: (at: number) => number,
    experiment: (at: number) => number,
  ): ReportSeries => ({
    name,
    unit,
    control: times.map((at) => [at, control(at)]),
    experiment: times.map((at) => [at, experiment(at)]),
  });
  const latency = () => 0.042 + random() * 0.006;
  const detail: ExperimentDetail = {
    id: '0b7f6c1e-5a4d-4f7e-9f3a-2c1d8e9b6a10',
    title: POD_KILL_DOCUMENT.title,
    status: 'completed',
    faultKind: 'pod-kill',
    createdBy: 'alice',
    createdAt: new Date((start - 2) * 1000).toISOString(),
    startedAt: new Date(start * 1000).toISOString(),
    endedAt: new Date(end * 1000).toISOString(),
    document: POD_KILL_DOCUMENT,
    targets: ['experiment-api-a'],
    injectedAt: new Date(injection * 1000).toISOString(),
    detectedAt: new Date(detection * 1000).toISOString(),
    recoveredAt: new Date(recovery * 1000).toISOString(),
    abortReason: null,
    verdict: {
      hypothesis: 'deviated',
      recovered: true,
      probes: [
        {
          name: 'api p95 latency',
          controlMedian: 0.0451,
          experimentMedian: 0.0874,
          ratio: 1.94,
          pValue: 0.0004,
          holds: false,
          limit: 'experiment ≤ control × 1.5',
        },
        {
          name: 'api error ratio',
          controlMedian: 0,
          experimentMedian: 0.0042,
          ratio: null,
          pValue: 0.021,
          holds: true,
          limit: '≤ 0.01',
        },
        {
          name: 'api throughput',
          controlMedian: 19.8,
          experimentMedian: 19.6,
          ratio: 0.99,
          pValue: 0.62,
          holds: true,
          limit: 'control × 0.8 ≤ experiment ≤ control × 1.2',
        },
      ],
      detection: [
        {
          alertname: 'TargetDown',
          detected: true,
          mttdSeconds: 17,
          withinDeadline: true,
          breakdown: {
            effect: 0.2,
            scrape: 0.9,
            condition: 0,
            evaluation: 0.6,
            for: 15,
            notification: 0.3,
            largest: 'for',
          },
          floor: { effect: 0.2, scrape: 1, condition: 0, evaluation: 1, for: 15, notification: 0, total: 17.2 },
        },
        {
          alertname: 'ApiAvailabilityBudgetBurn',
          detected: false,
          mttdSeconds: null,
          withinDeadline: false,
          breakdown: null,
          floor: { effect: 0, scrape: 1, condition: 0, evaluation: 1, for: 120, notification: 0, total: 122 },
        },
      ],
      falseAlarms: 0,
      mttrSeconds: 48,
      recoverySeconds: 65,
      detectionFloorSeconds: 17.2,
      integrity: {
        holds: true,
        settled: true,
        missingInExperiment: [],
        extraInExperiment: [],
        duplicates: { control: [], experiment: [] },
        control: { songs: 1204 },
        experiment: { songs: 1204 },
        similarChecked: 20,
        similarMismatches: [],
      },
    },
    journal: [
      {
        at: new Date(start * 1000).toISOString(),
        step: 'steady-state-checked',
        detail: { control: 'steady', experiment: 'steady' },
      },
      {
        at: new Date((injection - 1) * 1000).toISOString(),
        step: 'revert-record-written',
        detail: { targets: ['experiment-api-a'] },
      },
      {
        at: new Date(injection * 1000).toISOString(),
        step: 'injected',
        detail: { fault: 'pod-kill', replica: 'experiment-api-a' },
      },
      { at: new Date((injection + 2) * 1000).toISOString(), step: 'fault-verified', detail: { state: 'backoff' } },
      { at: new Date(detection * 1000).toISOString(), step: 'alert-fired', detail: { alertname: 'TargetDown' } },
      { at: new Date((start + 90) * 1000).toISOString(), step: 'reverted', detail: {} },
      { at: new Date(recovery * 1000).toISOString(), step: 'steady-state-recovered', detail: {} },
      { at: new Date(end * 1000).toISOString(), step: 'completed', detail: { hypothesis: 'deviated' } },
    ],
  };
  return {
    detail,
    series: [
      series('p95 latency', 'seconds', latency, (at) => (during(at) ? 0.09 + random() * 0.02 : latency())),
      series(
        'error ratio',
        'ratio',
        () => 0,
        (at) => (at >= injection && at < detection + 10 ? 0.012 + random() * 0.004 : 0),
      ),
      series(
        'throughput',
        'requests/s',
        () => 20 + random(),
        (at) => (during(at) ? 19.4 + random() : 20 + random()),
      ),
    ],
    markers: [
      { at: start, label: 'start' },
      { at: injection, label: 'injection' },
      { at: detection, label: 'detection' },
      { at: recovery, label: 'recovery' },
      { at: end, label: 'end' },
    ],
  };
}
