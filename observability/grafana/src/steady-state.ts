import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { timeseriesPanel } from './panels';
import { Group, groupSeries, maxBy, quantile, rate, ratioOrZero, series, sumBy } from './promql';
import { scaleDashboard } from './scale-dashboard';

const REQUESTS = 'http_server_request_duration_seconds';
const SERVER_ERROR = 'status_code=~"5.."';
const OBJECTS = 'scale_extractor_objects_total';

function errorRatio(by: readonly string[], selector: (metric: string, ...matchers: string[]) => string): string {
  return ratioOrZero(
    sumBy(by, rate(selector(`${REQUESTS}_count`, SERVER_ERROR))),
    sumBy(by, rate(selector(`${REQUESTS}_count`))),
  );
}

const inGroup =
  (group: Group) =>
  (metric: string, ...matchers: string[]): string =>
    groupSeries(group, metric, ...matchers);

const requests = {
  title: '$service',
  repeat: 'service',
  panels: [
    timeseriesPanel({
      title: 'Request rate',
      description: 'HTTP requests answered per second, control and experiment on the same axes.',
      unit: units.RequestsPerSecond,
      min: 0,
      colorByGroup: true,
      queries: [{ expr: sumBy(['group'], rate(series(`${REQUESTS}_count`))), legend: '{{group}}' }],
    }),
    timeseriesPanel({
      title: '5xx error ratio',
      description: 'Share of requests answered with a 5xx status.',
      unit: units.PercentUnit,
      min: 0,
      colorByGroup: true,
      queries: [{ expr: errorRatio(['group'], series), legend: '{{group}}' }],
    }),
    timeseriesPanel({
      title: 'Latency p50 / p95 / p99',
      description:
        'Request duration quantiles, estimated from the histogram buckets: p50 dotted, p95 solid, p99 dashed.',
      unit: units.Seconds,
      min: 0,
      colorByGroup: true,
      styleByQuantile: true,
      queries: [0.5, 0.95, 0.99].map((q) => ({
        expr: quantile(q, ['group'], series(`${REQUESTS}_bucket`)),
        legend: `{{group}} p${Math.round(q * 100)}`,
      })),
    }),
  ],
};

const extractor = {
  title: 'Extractor',
  panels: [
    timeseriesPanel({
      title: 'Extractor throughput',
      description: 'Objects the extractor finished per second, whatever their outcome.',
      unit: units.OpsPerSecond,
      min: 0,
      colorByGroup: true,
      queries: [{ expr: sumBy(['group'], rate(series(OBJECTS))), legend: '{{group}}' }],
    }),
    timeseriesPanel({
      title: 'Oldest job age',
      description:
        'Age of the oldest job not done yet: how far the extractor lags behind the store. 0 when the queue is empty.',
      unit: units.Seconds,
      min: 0,
      colorByGroup: true,
      queries: [{ expr: maxBy(['group'], series('scale_extractor_oldest_job_age_seconds')), legend: '{{group}}' }],
    }),
    timeseriesPanel({
      title: 'Ready jobs',
      description: 'Jobs waiting for a worker.',
      unit: units.Short,
      min: 0,
      colorByGroup: true,
      queries: [{ expr: sumBy(['group'], series('scale_extractor_queue_jobs', 'state="ready"')), legend: '{{group}}' }],
    }),
  ],
};

const EXPERIMENT_AGAINST_CONTROL =
  'Compares the experiment group with the control group, whatever groups are selected above; empty while either group has no traffic.';

const deviation = {
  title: 'Deviation: experiment against control',
  panels: [
    timeseriesPanel({
      title: 'p95 latency, experiment / control',
      description: `${EXPERIMENT_AGAINST_CONTROL} 100% means the same p95 latency.`,
      unit: units.PercentUnit,
      queries: [
        {
          expr: `${quantile(0.95, ['service'], groupSeries('experiment', `${REQUESTS}_bucket`))} / ${quantile(0.95, ['service'], groupSeries('control', `${REQUESTS}_bucket`))}`,
          legend: '{{service}}',
        },
      ],
    }),
    timeseriesPanel({
      title: '5xx error ratio, experiment − control',
      description: `${EXPERIMENT_AGAINST_CONTROL} In percentage points; above 0 the experiment fails more often.`,
      unit: units.PercentUnit,
      queries: [
        {
          expr: `${errorRatio(['service'], inGroup('experiment'))} - ${errorRatio(['service'], inGroup('control'))}`,
          legend: '{{service}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'Extractor throughput, experiment / control',
      description: `${EXPERIMENT_AGAINST_CONTROL} 100% means the same number of objects per second.`,
      unit: units.PercentUnit,
      queries: [
        {
          expr: `${sumBy(['service'], rate(groupSeries('experiment', OBJECTS)))} / ${sumBy(['service'], rate(groupSeries('control', OBJECTS)))}`,
          legend: '{{service}}',
        },
      ],
    }),
  ],
};

/** The steady-state hypothesis at a glance: is the experiment group still behaving like the control? */
export function steadyStateDashboard(): dashboard.Dashboard {
  return scaleDashboard({
    uid: 'scale-steady-state',
    title: 'Scale / Steady state',
    description:
      'Control and experiment side by side, per service, and how far the experiment deviates from the control.',
    sections: [requests, extractor, deviation],
  });
}
