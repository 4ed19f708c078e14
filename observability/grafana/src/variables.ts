import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** Every panel and variable queries the Prometheus the viewer picks in the `datasource` variable. */
export const PROMETHEUS = { type: 'prometheus', uid: '${datasource}' };

function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus');
}

/**
 * A multi-select of one label's values among the running services. `scale_build_info` has exactly
 * one series per process, so the lists hold what is running, and each list narrows to the choices
 * made in the variables before it. "All" stands for `.*` rather than the list of values Grafana
 * saw when it last refreshed, so a process started since still shows.
 */
function labelVariable(label: string, title: string, narrowedBy: readonly string[]): dashboard.QueryVariableBuilder {
  const selector = narrowedBy.length
    ? `scale_build_info{${narrowedBy.map((name) => `${name}=~"$${name}"`).join(', ')}}`
    : 'scale_build_info';
  const query = `label_values(${selector}, ${label})`;
  return new dashboard.QueryVariableBuilder(label)
    .label(title)
    .datasource(PROMETHEUS)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all', selected: true });
}

/** The variables every Scale dashboard has, in the order they appear above the panels. */
export function scaleVariables(): cog.Builder<dashboard.VariableModel>[] {
  return [
    datasourceVariable(),
    labelVariable('group', 'Group', []),
    labelVariable('zone', 'Zone', ['group']),
    labelVariable('service', 'Service', ['group', 'zone']),
  ];
}
