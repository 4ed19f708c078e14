import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { experimentSeries } from './promql';
import { PROMETHEUS } from './variables';

/** The lifecycle events of an experiment the runner stamps, each drawn in its own colour. */
export const EXPERIMENT_EVENTS = [
  { event: 'start', name: 'Experiment start', color: 'blue' },
  { event: 'injection', name: 'Fault injected', color: 'red' },
  { event: 'detection', name: 'Fault detected', color: 'orange' },
  { event: 'recovery', name: 'Steady state back', color: 'green' },
  { event: 'end', name: 'Experiment end', color: 'purple' },
] as const;

/**
 * One annotation query per event. `scale_experiment_event_timestamp_seconds` holds the unix time of
 * the event as its value for as long as the experiment is among the runner's newest, so the event is
 * drawn at the value (`useValueForTime`), which Grafana reads in milliseconds, not at the samples'
 * times; every sample of a series then gives the same moment, and Grafana draws it once.
 */
export function experimentAnnotations(): dashboard.AnnotationQueryBuilder[] {
  return EXPERIMENT_EVENTS.map(({ event, name, color }) =>
    new dashboard.AnnotationQueryBuilder()
      .name(name)
      .datasource(PROMETHEUS)
      .enable(true)
      .iconColor(color)
      .target(
        new prometheus.DataqueryBuilder()
          .datasource(PROMETHEUS)
          .refId('Anno')
          .expr(`${experimentSeries('scale_experiment_event_timestamp_seconds', `event="${event}"`)} * 1000`),
      )
      .useValueForTime(true)
      .titleFormat(`{{fault}}: ${name.toLowerCase()}`)
      .textFormat('{{title}} (experiment {{experiment}}, {{target_group}} group)')
      .tagKeys('fault,event'),
  );
}
