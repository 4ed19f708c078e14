import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder } from './panels';
import { scaleVariables } from './variables';

export interface Section {
  readonly title: string;
  /** A variable to repeat the section for, once per selected value. */
  readonly repeat?: string;
  readonly panels: readonly PanelBuilder[];
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly sections: readonly Section[];
  /** Events drawn across every graph of the dashboard. */
  readonly annotations?: readonly cog.Builder<dashboard.AnnotationQuery>[];
}

/**
 * A Scale dashboard: the shared variables, tags and links, then one row per section. The panels
 * follow their row at the top level, which is how Grafana stores an expanded row.
 */
export function scaleDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['scale'])
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .variables(scaleVariables())
    .link(
      new dashboard.DashboardLinkBuilder('Scale')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags(['scale'])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  if (spec.annotations) builder.annotations([...spec.annotations]);
  for (const section of spec.sections) {
    const row = new dashboard.RowBuilder(section.title);
    if (section.repeat) row.repeat(section.repeat);
    builder.withRow(row);
    for (const panel of section.panels) builder.withPanel(panel);
  }
  return numberPanels(builder.build());
}

/**
 * The builder leaves panel ids out (and rows at 0); Grafana needs them unique within a dashboard,
 * and numbering them in order keeps the generated JSON the same from one run to the next.
 */
function numberPanels(built: dashboard.Dashboard): dashboard.Dashboard {
  return { ...built, panels: (built.panels ?? []).map((panel, index) => ({ ...panel, id: index + 1 })) };
}
