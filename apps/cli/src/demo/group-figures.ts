import type { PrometheusClient } from '../../../chaos-runner/src/probes/prometheus-client';

/** 5xx answers and p99 latency of one group's API over an experiment's window, from Prometheus. */
export interface GroupFigures {
  readonly errors: number | null;
  readonly p99Seconds: number | null;
}

export async function groupFigures(
  prometheus: PrometheusClient,
  group: string,
  from: Date,
  to: Date,
): Promise<GroupFigures> {
  const window = `${Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000))}s`;
  const selector = `service="scale-api",group="${group}"`;
  const [errors, p99Seconds] = await Promise.all([
    firstValue(
      prometheus,
      `sum(increase(http_server_request_duration_seconds_count{${selector},status_code=~"5.."}[${window}])) or vector(0)`,
      to,
    ),
    firstValue(
      prometheus,
      `histogram_quantile(0.99, sum by (le) (increase(http_server_request_duration_seconds_bucket{${selector}}[${window}])))`,
      to,
    ),
  ]);
  return { errors, p99Seconds };
}

/** The first series' value at `at`, or null when there is none (or it is not a number). */
export async function firstValue(prometheus: PrometheusClient, query: string, at?: Date): Promise<number | null> {
  const value = (await prometheus.instant(query, at))[0]?.value;
  return value !== undefined && Number.isFinite(value) ? value : null;
}
