import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { scaleDashboards } from './dashboards';

/** What Grafana would put in place of the dashboard variables a query uses. */
export interface VariableValues {
  readonly group: string;
  readonly zone: string;
  readonly service: string;
  /** `$__rate_interval`; 1m covers four scrapes at the default 15 s interval. */
  readonly rateInterval?: string;
  /** `$__interval`, the step between points. */
  readonly interval?: string;
  /** `$__range`, the dashboard's time range. */
  readonly range?: string;
}

/**
 * Replaces `$name`, `${name}` and `${name:format}` the way Grafana does before it sends a query.
 * Unknown variables stay as they are, so a misspelt one leaves a `$` that does not parse.
 */
export function substituteVariables(expr: string, values: VariableValues): string {
  const known: Record<string, string> = {
    group: values.group,
    zone: values.zone,
    service: values.service,
    __rate_interval: values.rateInterval ?? '1m',
    __interval: values.interval ?? '15s',
    __range: values.range ?? '1h',
  };
  return expr.replace(
    /\$\{(\w+)(?::[\w-]+)?\}|\$(\w+)/g,
    (variable, braced?: string, bare?: string) => known[braced ?? bare ?? ''] ?? variable,
  );
}

export interface DashboardQuery {
  /** The dashboard's uid. */
  readonly dashboard: string;
  /** The panel's title, or `annotation › <name>` for an annotation query. */
  readonly panel: string;
  /** The panel's type (`timeseries`, `stat`, ...), or `annotation`. */
  readonly panelType: string;
  readonly refId: string;
  /** PromQL ready for Prometheus's query API: no Grafana variables left. */
  readonly expr: string;
  /** Sent to `/api/v1/query` for one value at the end of the time range, rather than to `/api/v1/query_range`. */
  readonly instant: boolean;
  /**
   * The variable the panel's row repeats for: Grafana draws the row once per selected value and
   * sends its queries with that one value in place of the variable, never with "All".
   */
  readonly repeatedFor?: string;
}

interface PlacedPanel {
  readonly panel: dashboard.Panel;
  readonly repeatedFor?: string;
}

/**
 * The panels of a dashboard with the repeat of the row each belongs to: an expanded row's panels
 * follow it at the top level, a collapsed row keeps them inside.
 */
function placedPanels(built: dashboard.Dashboard): PlacedPanel[] {
  let repeatedFor: string | undefined;
  return (built.panels ?? []).flatMap((panel) => {
    if (panel.type !== 'row') return [{ panel: panel as dashboard.Panel, repeatedFor }];
    const row = panel as dashboard.RowPanel;
    repeatedFor = row.repeat;
    return row.panels.map((inner) => ({ panel: inner, repeatedFor }));
  });
}

/**
 * Every query on the Scale dashboards (all of them unless `dashboards` names some by uid), panels'
 * and annotations', as Grafana would send it for the given variable values.
 */
export function dashboardQueries(values: VariableValues, dashboards?: readonly string[]): DashboardQuery[] {
  return scaleDashboards()
    .filter((built) => !dashboards || dashboards.includes(built.uid ?? ''))
    .flatMap((built) => {
      const panels = placedPanels(built).flatMap(({ panel, repeatedFor }) =>
        (panel.targets ?? []).map((target) => {
          const query = target as unknown as prometheus.Dataquery;
          return {
            dashboard: built.uid ?? '',
            panel: panel.title ?? '',
            panelType: panel.type,
            refId: query.refId ?? '',
            expr: substituteVariables(query.expr, values),
            instant: query.instant === true,
            ...(repeatedFor && { repeatedFor }),
          };
        }),
      );
      // Grafana sends an annotation's query over the time range, like a graph's.
      const annotations = (built.annotations?.list ?? []).flatMap((annotation) => {
        const query = annotation.target as prometheus.Dataquery | undefined;
        if (!query) return [];
        return [
          {
            dashboard: built.uid ?? '',
            panel: `annotation › ${annotation.name}`,
            panelType: 'annotation',
            refId: query.refId ?? '',
            expr: substituteVariables(query.expr, values),
            instant: false,
          },
        ];
      });
      return [...panels, ...annotations];
    });
}
