import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS } from './variables';

/** One line (or set of lines) on a panel, named by its legend template. */
export interface Query {
  readonly expr: string;
  readonly legend: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  /** A Grafana unit id, from `@grafana/grafana-foundation-sdk/units`. */
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Grid columns out of 24; three panels to a line unless said. */
  readonly width?: number;
}

export interface TimeseriesSpec extends PanelSpec {
  /** Colour the lines by the group their legend starts with, the same on every panel. */
  readonly colorByGroup?: boolean;
  /** With colours by group, tell the quantiles apart by line: p50 dotted, p95 solid, p99 dashed. */
  readonly styleByQuantile?: boolean;
  /** Floor of the y axis; left out for values that can go below zero, such as a difference. */
  readonly min?: number;
  /** Line colours by a regular expression on the series' names. */
  readonly colors?: Readonly<Record<string, string>>;
}

export type PanelBuilder = cog.Builder<dashboard.Panel>;

const HEIGHT = 8;

/**
 * How Grafana sends a panel's queries: over the time range for a graph, for one value at its end for a
 * figure, and for one value per series as the rows of a table.
 */
type QueryMode = 'range' | 'instant' | 'table';

function targets(queries: readonly Query[], mode: QueryMode): prometheus.DataqueryBuilder[] {
  return queries.map((query, index) => {
    const target = new prometheus.DataqueryBuilder()
      .datasource(PROMETHEUS)
      .refId(String.fromCharCode(65 + index))
      .expr(query.expr)
      .legendFormat(query.legend);
    if (mode === 'table') return target.instant().format(prometheus.PromQueryFormat.Table);
    return mode === 'instant' ? target.instant() : target.range();
  });
}

const fixedColor = (color: string): dashboard.DynamicConfigValue => ({
  id: 'color',
  value: { mode: 'fixed', fixedColor: color },
});
const lineStyle = (fill: 'dot' | 'dash', dash: number[]): dashboard.DynamicConfigValue => ({
  id: 'custom.lineStyle',
  value: { fill, dash },
});

export function timeseriesPanel(spec: TimeseriesSpec): PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, 'range'))
    .span(spec.width ?? 8)
    .height(HEIGHT)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['mean', 'max', 'lastNotNull']),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending),
    );
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.colorByGroup) {
    panel.overrideByRegexp('control.*', [fixedColor('blue')]).overrideByRegexp('experiment.*', [fixedColor('orange')]);
  }
  for (const [pattern, color] of Object.entries(spec.colors ?? {})) {
    panel.overrideByRegexp(pattern, [fixedColor(color)]);
  }
  if (spec.styleByQuantile) {
    panel
      .overrideByRegexp('.* p50', [lineStyle('dot', [0, 10])])
      .overrideByRegexp('.* p99', [lineStyle('dash', [10, 10])]);
  }
  return panel;
}

export interface CountSpec extends PanelSpec {
  /** The colour of a count above zero: red unless said, for counts that mean something went wrong. */
  readonly aboveZero?: string;
}

/** One figure per series for a count where anything above zero deserves a look, such as restarts. */
export function countPanel(spec: CountSpec): PanelBuilder {
  return new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, 'instant'))
    .span(spec.width ?? 8)
    .height(HEIGHT)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']))
    .thresholds(
      new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
        { value: 1, color: spec.aboveZero ?? 'red' },
      ]),
    );
}

export interface BarsSpec extends PanelSpec {
  /** Bar colours by a regular expression on the series' names; the others are blue. */
  readonly colors?: Readonly<Record<string, string>>;
}

/** One horizontal bar per series, for comparing a few figures at the end of the time range. */
export function barsPanel(spec: BarsSpec): PanelBuilder {
  const panel = new bargauge.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, 'instant'))
    .span(spec.width ?? 8)
    .height(HEIGHT)
    .min(0)
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Basic)
    .valueMode(common.BarGaugeValueMode.Text)
    .showUnfilled(true)
    .reduceOptions(new common.ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']))
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Fixed).fixedColor('blue'));
  for (const [pattern, color] of Object.entries(spec.colors ?? {})) {
    panel.overrideByRegexp(pattern, [fixedColor(color)]);
  }
  return panel;
}

export interface TableSpec extends PanelSpec {
  /** Columns left out, besides the query's time. */
  readonly hide?: readonly string[];
  /** Column names as the viewer reads them, by the label (or `Value`) they show. */
  readonly rename?: Readonly<Record<string, string>>;
  /** The column to sort by, largest first. */
  readonly sortBy?: string;
}

/**
 * One row per series, its labels as columns: for lists such as the alerts firing now. With several
 * queries, the rows of the same labels merge into one, each query's value a column (`Value #A`, ...).
 */
export function tablePanel(spec: TableSpec): PanelBuilder {
  const panel = new table.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, 'table'))
    .span(spec.width ?? 12)
    .height(HEIGHT);
  if (spec.queries.length > 1) panel.withTransformation({ id: 'merge', options: {} });
  panel.withTransformation({
    id: 'organize',
    options: {
      excludeByName: Object.fromEntries(['Time', ...(spec.hide ?? [])].map((column) => [column, true])),
      renameByName: { ...spec.rename },
    },
  });
  if (spec.sortBy) panel.sortBy([new common.TableSortByFieldStateBuilder().displayName(spec.sortBy).desc(true)]);
  return panel;
}

/** A 0/1 health series as a band per series: green while up, red while down, grey while absent. */
export function upDownPanel(spec: PanelSpec): PanelBuilder {
  return new statetimeline.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, 'range'))
    .span(spec.width ?? 8)
    .height(HEIGHT)
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .mappings([
      {
        type: dashboard.MappingType.ValueToText,
        options: { '0': { text: 'down', color: 'red', index: 0 }, '1': { text: 'up', color: 'green', index: 1 } },
      },
    ])
    .thresholds(
      new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null, color: 'red' },
        { value: 1, color: 'green' },
      ]),
    )
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(false)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    );
}
