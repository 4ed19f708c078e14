/**
 * Small PromQL builders, so the dashboards spell the same expression the same way: every selector
 * starts from the dashboard's group, zone and service filters (on the labels its series name them
 * by, see metric-contract.ts), and every rate uses Grafana's `$__rate_interval`, which always covers
 * at least four scrapes.
 */

export type Group = 'control' | 'experiment';

const GROUP_FILTER = 'group=~"$group"';
const SCOPE_FILTERS = ['zone=~"$zone"', 'service=~"$service"'];

/** `metric{group=~"$group", zone=~"$zone", service=~"$service", ...matchers}`. */
export function series(metric: string, ...matchers: string[]): string {
  return `${metric}{${[GROUP_FILTER, ...SCOPE_FILTERS, ...matchers].join(', ')}}`;
}

/**
 * The same selector pinned to one group instead of the `$group` variable: the deviation panels
 * compare the experiment with the control whatever groups the viewer picked.
 */
export function groupSeries(group: Group, metric: string, ...matchers: string[]): string {
  return `${metric}{${[`group="${group}"`, ...SCOPE_FILTERS, ...matchers].join(', ')}}`;
}

/** A recording rule's series: by service and group, every zone together, so the zone filter does not apply. */
export function recordedSeries(metric: string, ...matchers: string[]): string {
  return `${metric}{${[GROUP_FILTER, 'service=~"$service"', ...matchers].join(', ')}}`;
}

/** An alert ledger series: the group and service filters pick the alert's own, `alert_group` and `alert_service`. */
export function ledgerSeries(metric: string, ...matchers: string[]): string {
  return `${metric}{${['alert_group=~"$group"', 'alert_service=~"$service"', ...matchers].join(', ')}}`;
}

/** An experiment series: the group filter picks the group the fault hit, `target_group`. */
export function experimentSeries(metric: string, ...matchers: string[]): string {
  return `${metric}{${['target_group=~"$group"', ...matchers].join(', ')}}`;
}

/**
 * How much a total counted from the chaos runner's tables grew over `window` (`1w`, `$__range`).
 * Those totals are counted afresh from the database at every scrape, so they never reset, and the
 * difference with the value a window ago is exact: `increase()` would extrapolate to fractions and
 * miss the first occurrence of a label set, whose series appears at 1. A series Prometheus did not
 * have a window ago counts whole: a label set that new grew within the window (as does everything
 * while Prometheus itself has less than the window's history).
 */
export function growth(selector: string, window: string): string {
  return `(${selector} - (${selector} offset ${window} or ${selector} * 0))`;
}

export function rate(selector: string): string {
  return `rate(${selector}[$__rate_interval])`;
}

export function sumBy(labels: readonly string[], expr: string): string {
  return `sum by (${labels.join(', ')}) (${expr})`;
}

export function maxBy(labels: readonly string[], expr: string): string {
  return `max by (${labels.join(', ')}) (${expr})`;
}

export function minBy(labels: readonly string[], expr: string): string {
  return `min by (${labels.join(', ')}) (${expr})`;
}

/** The q-quantile of a histogram, from the rate of its buckets summed over `labels`. */
export function quantile(q: number, labels: readonly string[], bucketSelector: string): string {
  return `histogram_quantile(${q}, ${sumBy([...labels, 'le'], rate(bucketSelector))})`;
}

/**
 * `part / whole`, where a missing `part` counts as zero: the series of a counter such as the 5xx
 * responses only appears after its first increment, and without the `or` a healthy service would
 * show no error ratio at all instead of 0.
 */
export function ratioOrZero(part: string, whole: string): string {
  return `(${part} or ${whole} * 0) / ${whole}`;
}

/**
 * A series of the machine (the node exporter, and the rules over it): it describes every group and zone
 * at once, and on Kubernetes carries none of those labels, so no variable filters it.
 */
export function nodeSeries(metric: string, ...matchers: string[]): string {
  return matchers.length ? `${metric}{${matchers.join(', ')}}` : metric;
}
