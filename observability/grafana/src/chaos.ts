import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { experimentAnnotations } from './experiment-annotations';
import { barsPanel, countPanel, tablePanel, timeseriesPanel } from './panels';
import { experimentSeries, growth, maxBy, recordedSeries, sumBy } from './promql';
import { scaleDashboard } from './scale-dashboard';

const EXPERIMENT_SCOPE =
  "From the chaos runner's experiments: Group picks the group the fault hit (target_group); an experiment has no service or zone of its own, so Service and Zone do not apply.";
const IN_RANGE = 'Counted over the selected time range.';
const LATEST = 'From the most recent completed experiment of each fault kind that injected its fault.';
const inRange = (metric: string) => growth(experimentSeries(metric), '$__range');

const experiments = {
  title: 'Experiments',
  panels: [
    countPanel({
      title: 'Running now',
      description: `Experiments under way, from the steady-state check before the injection to the verdict. ${EXPERIMENT_SCOPE}`,
      unit: units.Short,
      width: 4,
      aboveZero: 'orange',
      queries: [{ expr: `sum(${experimentSeries('scale_experiments_running')})`, legend: 'running' }],
    }),
    barsPanel({
      title: 'Experiments by fault and status',
      description: `Experiments that ended, by fault kind and final status: completed, aborted (by a person, a halt or an abort condition), failed, or refused (not in steady state, or no target allowed). ${IN_RANGE} ${EXPERIMENT_SCOPE}`,
      unit: units.Short,
      width: 10,
      colors: { '.* completed': 'green', '.* aborted': 'orange', '.* failed': 'red', '.* refused': 'text' },
      queries: [
        {
          expr: `${sumBy(['fault', 'status'], inRange('scale_experiments_total'))} > 0`,
          legend: '{{fault}} · {{status}}',
        },
      ],
    }),
    barsPanel({
      title: 'Verdicts by fault',
      description: `Whether the steady-state hypothesis held in the experiment group against the control group, deviated, or could not be evaluated (the run ended before its fault window), for the experiments that injected their fault. ${IN_RANGE} ${EXPERIMENT_SCOPE}`,
      unit: units.Short,
      width: 10,
      colors: { '.* held': 'green', '.* deviated': 'red', '.* not-evaluated': 'text' },
      queries: [
        {
          expr: `${sumBy(['fault', 'hypothesis'], inRange('scale_experiment_verdicts_total'))} > 0`,
          legend: '{{fault}} · {{hypothesis}}',
        },
      ],
    }),
  ],
};

const detection = {
  title: 'Detection and recovery',
  panels: [
    tablePanel({
      title: 'MTTD beside its floor',
      description: `Injection to the first firing of each expected alert in the experiment group (MTTD), beside the earliest it could fire (floor): scrape interval + evaluation interval + the rule's \`for\`. An alert that did not fire has a floor and no MTTD. ${LATEST} ${EXPERIMENT_SCOPE}`,
      unit: units.Seconds,
      queries: [
        { expr: maxBy(['fault', 'alertname'], experimentSeries('scale_experiment_mttd_seconds')), legend: '' },
        {
          expr: maxBy(['fault', 'alertname'], experimentSeries('scale_experiment_detection_floor_seconds')),
          legend: '',
        },
      ],
      rename: { 'Value #A': 'MTTD', 'Value #B': 'floor' },
    }),
    barsPanel({
      title: 'Recovery time',
      description: `Injection to steady state back in both groups and every target running again. ${LATEST} ${EXPERIMENT_SCOPE}`,
      unit: units.Seconds,
      width: 12,
      colors: { '.*': 'green' },
      queries: [{ expr: maxBy(['fault'], experimentSeries('scale_experiment_recovery_seconds')), legend: '{{fault}}' }],
    }),
    countPanel({
      title: 'Undetected faults',
      description: `Expected alerts that never fired for an injected fault, by fault kind and alert: the monitoring missed the fault. ${IN_RANGE} ${EXPERIMENT_SCOPE}`,
      unit: units.Short,
      queries: [
        {
          expr: sumBy(['fault', 'alertname'], inRange('scale_experiment_undetected_total')),
          legend: '{{fault}} · {{alertname}}',
        },
      ],
    }),
    countPanel({
      title: 'False alarms',
      description: `Alerts that fired in the control group during an experiment, by fault kind: the control group is never touched, so each is a false alarm or a problem the experiment did not cause. ${IN_RANGE} ${EXPERIMENT_SCOPE}`,
      unit: units.Short,
      queries: [{ expr: sumBy(['fault'], inRange('scale_experiment_false_alarms_total')), legend: '{{fault}}' }],
    }),
    countPanel({
      title: 'Not recovered',
      description: `Experiments after which steady state did not come back within the recovery timeout, by fault kind. ${IN_RANGE} ${EXPERIMENT_SCOPE}`,
      unit: units.Short,
      queries: [{ expr: sumBy(['fault'], inRange('scale_experiment_not_recovered_total')), legend: '{{fault}}' }],
    }),
  ],
};

const GROUPS_SCOPE =
  "Control and experiment from the recording rules, per service and group with every zone together, so Zone does not apply; the annotations mark each experiment's start, injection, detection, recovery and end.";
const BY_GROUP = ['group', 'service'];
const GROUP_LEGEND = '{{group}} · {{service}}';

const groups = {
  title: 'Control against experiment',
  panels: [
    timeseriesPanel({
      title: 'Request rate',
      description: `HTTP requests answered per second (1m rate). ${GROUPS_SCOPE}`,
      unit: units.RequestsPerSecond,
      min: 0,
      colorByGroup: true,
      queries: [
        { expr: sumBy(BY_GROUP, recordedSeries('service_group:http_server_requests:rate1m')), legend: GROUP_LEGEND },
      ],
    }),
    timeseriesPanel({
      title: '5xx error ratio',
      description: `Share of requests answered with a 5xx status (1m rate). ${GROUPS_SCOPE}`,
      unit: units.PercentUnit,
      min: 0,
      colorByGroup: true,
      queries: [
        {
          expr: maxBy(BY_GROUP, recordedSeries('service_group:http_server_request_errors:ratio_rate1m')),
          legend: GROUP_LEGEND,
        },
      ],
    }),
    timeseriesPanel({
      title: 'Latency p95 / p99',
      description: `Request duration quantiles (1m), p95 solid and p99 dashed. ${GROUPS_SCOPE}`,
      unit: units.Seconds,
      min: 0,
      colorByGroup: true,
      styleByQuantile: true,
      queries: (['p95', 'p99'] as const).map((q) => ({
        expr: maxBy(BY_GROUP, recordedSeries(`service_group:http_server_request_duration_seconds:${q}_1m`)),
        legend: `${GROUP_LEGEND} ${q}`,
      })),
    }),
  ],
};

/** Does the system, and its monitoring, survive the faults? The experiments' outcomes and both groups under them. */
export function chaosDashboard(): dashboard.Dashboard {
  return scaleDashboard({
    uid: 'scale-chaos',
    title: 'Scale / Chaos experiments',
    description:
      'Chaos experiments by fault and outcome, detection time beside its floor, undetected faults, false alarms and recovery, and the control group against the experiment group with every experiment marked.',
    sections: [experiments, detection, groups],
    annotations: experimentAnnotations(),
  });
}
