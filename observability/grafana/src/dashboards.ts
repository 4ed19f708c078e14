import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { alertingDashboard } from './alerting';
import { chaosDashboard } from './chaos';
import { incidentsDashboard } from './incidents';
import { infrastructureDashboard } from './infrastructure';
import { pipelineDashboard } from './pipeline';
import { steadyStateDashboard } from './steady-state';

export function scaleDashboards(): dashboard.Dashboard[] {
  return [
    steadyStateDashboard(),
    infrastructureDashboard(),
    pipelineDashboard(),
    alertingDashboard(),
    incidentsDashboard(),
    chaosDashboard(),
  ];
}

/**
 * The dashboards drawn from the pipeline's processes and Prometheus alone; the others read the chaos
 * runner's alert ledger and experiments, which have data only once it runs and has recorded some.
 */
export const PIPELINE_DASHBOARDS: readonly string[] = ['scale-steady-state', 'scale-infrastructure', 'scale-pipeline'];

export interface DashboardFile {
  /** `<uid>.json`, so a file names the dashboard Grafana provisions from it. */
  readonly name: string;
  readonly contents: string;
}

/** The dashboards as the JSON files committed under observability/grafana/dashboards. */
export function dashboardFiles(): DashboardFile[] {
  return scaleDashboards().map((built) => ({
    name: `${built.uid}.json`,
    contents: `${JSON.stringify(built, null, 2)}\n`,
  }));
}

/** The panels of a dashboard, including those kept inside collapsed rows, rows themselves left out. */
export function panelsOf(built: dashboard.Dashboard): dashboard.Panel[] {
  return (built.panels ?? []).flatMap((panel) =>
    panel.type === 'row' ? (panel as dashboard.RowPanel).panels : [panel as dashboard.Panel],
  );
}
