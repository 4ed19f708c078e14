import type { Metric, Registry } from 'prom-client';
import { readWithin, sharedRead } from './scrape-time';

/** One sample of a metric family, as prom-client's registry collects them. */
export interface MetricSample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  /** `_bucket`, `_sum`, `_count` of a histogram. */
  readonly metricName?: string;
}

export interface ComputedFamily<K extends string> {
  readonly family: K;
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
}

/**
 * Metric families computed when Prometheus scrapes, from one read shared by all of them (a database
 * holding the truth, say, so the series survive restarts). A read that fails or takes too long
 * leaves every family empty (unknown) for that scrape rather than holding the scrape up.
 */
export function registerComputedFamilies<K extends string>(
  registry: Registry,
  families: ReadonlyArray<ComputedFamily<K>>,
  /** A family computed as null is left out of that scrape (it could not be worked out). */
  compute: () => Promise<Readonly<Record<K, readonly MetricSample[] | null>>>,
): void {
  const read = sharedRead(compute);
  for (const { family, name, type, help } of families) {
    const values = async () => (await readWithin(read()))?.[family] ?? [];
    // prom-client's registry collects any object with its metrics' shape; this one has no state of its own.
    const metric = {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: await values() }),
      reset: () => undefined,
    };
    registry.registerMetric(metric as unknown as Metric);
  }
}
