/**
 * Small PromQL builders, so the three dashboards spell the same expression the same way: every
 * selector starts from the dashboard's group, zone and service filters, and every rate uses
 * Grafana's `$__rate_interval`, which always covers at least four scrapes.
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
