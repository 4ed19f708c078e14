import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { ALERT_PLACE, ALERT_PLACE_LEGEND, LEDGER_SCOPE, oncallPanels } from './oncall-panels';
import { tablePanel, timeseriesPanel } from './panels';
import { growth, ledgerSeries, series, sumBy } from './promql';
import { scaleDashboard } from './scale-dashboard';

const ALERT = ['alertname', ...ALERT_PLACE];
const WEEK = '1w';
const weekly = (metric: string) => growth(ledgerSeries(metric), WEEK);
const PER_WEEK = 'Each point counts the seven days before it.';

const firing = {
  title: 'Firing now',
  panels: [
    tablePanel({
      title: 'Firing now, in the alert ledger',
      description: `Alerts whose firing notification reached the ledger and whose resolution has not yet, by alert, service, group, severity and SEV level. ${LEDGER_SCOPE}`,
      unit: units.Short,
      queries: [
        { expr: `${sumBy([...ALERT, 'severity', 'sev'], ledgerSeries('scale_ledger_alerts_firing'))} > 0`, legend: '' },
      ],
      rename: { alert_service: 'service', alert_group: 'group', Value: 'firing' },
      sortBy: 'firing',
    }),
    tablePanel({
      title: 'Firing now, in Prometheus',
      description:
        "Prometheus's own ALERTS series: every alerting rule firing now, before Alertmanager groups, inhibits or delivers it. Group, Zone and Service filter the alert's labels; an alert without one (a zone-wide alert has no instance) matches All.",
      unit: units.Short,
      queries: [{ expr: series('ALERTS', 'alertstate="firing"'), legend: '' }],
      hide: ['__name__', 'alertstate', 'Value'],
    }),
  ],
};

const weeks = {
  title: 'Alerts per week',
  panels: [
    timeseriesPanel({
      title: 'Alerts by service per week',
      description: `Alert occurrences that started, by the alert's service and group. ${PER_WEEK} ${LEDGER_SCOPE}`,
      unit: units.Short,
      min: 0,
      queries: [{ expr: sumBy(ALERT_PLACE, weekly('scale_ledger_alerts_total')), legend: ALERT_PLACE_LEGEND }],
    }),
    timeseriesPanel({
      title: 'Noisy alerts per week',
      description: `Alerts that resolved by themselves within the noise time (5 minutes unless the runner is told otherwise) with no experiment or action behind them: candidates for a longer \`for\` or a better threshold. ${PER_WEEK} ${LEDGER_SCOPE}`,
      unit: units.Short,
      min: 0,
      queries: [
        {
          expr: sumBy(ALERT, weekly('scale_ledger_noisy_alerts_total')),
          legend: `{{alertname}} · ${ALERT_PLACE_LEGEND}`,
        },
      ],
    }),
    tablePanel({
      title: 'Top 20 most frequent alerts this week',
      description: `The 20 alerts that started most often in the last seven days, by service and group. ${LEDGER_SCOPE}`,
      unit: units.Short,
      width: 8,
      queries: [{ expr: `topk(20, ${sumBy(ALERT, weekly('scale_ledger_alerts_total'))} > 0)`, legend: '' }],
      rename: { alert_service: 'service', alert_group: 'group', Value: 'this week' },
      sortBy: 'this week',
    }),
  ],
};

const BUCKETS = 'scale_ledger_time_to_resolve_seconds_bucket';

const resolution = {
  title: 'Resolution',
  panels: [
    timeseriesPanel({
      title: 'Time to resolution per service',
      description: `Firing to resolved, p50 dotted and p90 solid, over the alerts resolved in the seven days before each point; estimated from the ledger's buckets (5 s to a day). ${LEDGER_SCOPE}`,
      unit: units.Seconds,
      min: 0,
      styleByQuantile: true,
      queries: [0.5, 0.9].map((q) => ({
        expr: `histogram_quantile(${q}, ${sumBy([...ALERT_PLACE, 'le'], growth(ledgerSeries(BUCKETS), WEEK))})`,
        legend: `${ALERT_PLACE_LEGEND} p${Math.round(q * 100)}`,
      })),
    }),
    ...oncallPanels(8),
  ],
};

/** What fires, how often, how noisily, and how fast it is resolved: the on-call view of the alert ledger. */
export function alertingDashboard(): dashboard.Dashboard {
  return scaleDashboard({
    uid: 'scale-alerting',
    title: 'Scale / Alerting & on-call',
    description:
      "The alerts firing now, and the alert ledger's weekly counts, noise, time to resolution, MTTR and MTBF per service.",
    sections: [firing, weeks, resolution],
  });
}
