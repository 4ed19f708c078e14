import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { ALERT_PLACE, ALERT_PLACE_LEGEND, LEDGER_SCOPE, oncallPanels } from './oncall-panels';
import { barsPanel, countPanel, timeseriesPanel } from './panels';
import { growth, ledgerSeries, sumBy } from './promql';
import { scaleDashboard } from './scale-dashboard';

const INCIDENTS = 'scale_incidents_total';
const weekly = (...matchers: string[]) => growth(ledgerSeries(INCIDENTS, ...matchers), '1w');
const INCIDENT =
  "An incident is one service and group's overlapping alerts merged into one, at the SEV level of the most severe (critical SEV1, high SEV2, warning SEV3, info SEV4).";
/** The same colour for a SEV level on every panel. */
const SEV_COLORS = { 'SEV1.*': 'red', 'SEV2.*': 'orange', 'SEV3.*': 'yellow', 'SEV4.*': 'blue' };

const week = {
  title: 'This week',
  panels: [
    ...(['SEV1', 'SEV2'] as const).map((sev) =>
      countPanel({
        title: `${sev} incidents this week`,
        description: `${sev} incidents that started in the last seven days. ${INCIDENT} ${LEDGER_SCOPE}`,
        unit: units.Short,
        width: 6,
        queries: [{ expr: `sum(${weekly(`sev="${sev}"`)})`, legend: sev }],
      }),
    ),
    barsPanel({
      title: 'Incidents this week by SEV level',
      description: `Incidents that started in the last seven days, per SEV level. ${INCIDENT} ${LEDGER_SCOPE}`,
      unit: units.Short,
      width: 12,
      colors: SEV_COLORS,
      queries: [{ expr: sumBy(['sev'], weekly()), legend: '{{sev}}' }],
    }),
  ],
};

const weeks = {
  title: 'Per week',
  panels: [
    timeseriesPanel({
      title: 'Incidents per SEV level per week',
      description: `Incidents that started in the seven days before each point, per SEV level. ${INCIDENT} ${LEDGER_SCOPE}`,
      unit: units.Short,
      min: 0,
      width: 12,
      colors: SEV_COLORS,
      queries: [{ expr: sumBy(['sev'], weekly()), legend: '{{sev}}' }],
    }),
    timeseriesPanel({
      title: 'Incidents per service per week',
      description: `Incidents that started in the seven days before each point, per service and group, every SEV level together. ${INCIDENT} ${LEDGER_SCOPE}`,
      unit: units.Short,
      min: 0,
      width: 12,
      queries: [{ expr: sumBy(ALERT_PLACE, weekly()), legend: ALERT_PLACE_LEGEND }],
    }),
  ],
};

const response = { title: 'Response', panels: oncallPanels(12) };

/** How many incidents, how severe, for which service, and how quickly they end and come back. */
export function incidentsDashboard(): dashboard.Dashboard {
  return scaleDashboard({
    uid: 'scale-incidents',
    title: 'Scale / Incidents & SEV',
    description:
      "The alert ledger's incidents per SEV level and per service each week, with MTTR and MTBF per service.",
    sections: [week, weeks, response],
  });
}
