import * as units from '@grafana/grafana-foundation-sdk/units';
import { timeseriesPanel, type PanelBuilder } from './panels';
import { ledgerSeries, maxBy } from './promql';

/** Said on every panel drawn from the alert ledger, whose labels differ from the processes' own. */
export const LEDGER_SCOPE =
  "From the chaos runner's alert ledger: Group and Service pick the alert's own group and service (alert_group, alert_service); the ledger does not count by zone, so Zone does not apply.";

/** The ledger's series per service and group, as the on-call panels show them. */
export const ALERT_PLACE = ['alert_service', 'alert_group'];
export const ALERT_PLACE_LEGEND = '{{alert_service}} · {{alert_group}}';

/** MTTR and MTBF, on the Alerting & on-call and Incidents & SEV dashboards alike. */
export function oncallPanels(width: number): PanelBuilder[] {
  return [
    timeseriesPanel({
      title: 'MTTR per service',
      description: `Mean time to resolve the incidents (overlapping alerts of one service and group merged) that started in the on-call window, 28 days unless the runner is told otherwise. ${LEDGER_SCOPE}`,
      unit: units.Seconds,
      min: 0,
      width,
      queries: [{ expr: maxBy(ALERT_PLACE, ledgerSeries('scale_oncall_mttr_seconds')), legend: ALERT_PLACE_LEGEND }],
    }),
    timeseriesPanel({
      title: 'MTBF per service',
      description: `Mean time between failures: from an incident's resolution to the start of the next, over the on-call window; absent until a service has had two incidents. ${LEDGER_SCOPE}`,
      unit: units.Seconds,
      min: 0,
      width,
      queries: [{ expr: maxBy(ALERT_PLACE, ledgerSeries('scale_oncall_mtbf_seconds')), legend: ALERT_PLACE_LEGEND }],
    }),
  ];
}
