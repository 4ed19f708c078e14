/** 5xx answers and p99 latency of one group's API over an experiment's window, from Prometheus. */
export interface GroupFigures {
  readonly errors: number | null;
  readonly p99Seconds: number | null;
}

async function instant(prometheusUrl: string, query: string, at: Date): Promise<number | null> {
  const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}&time=${at.getTime() / 1000}`;
  const body = (await (await fetch(url)).json()) as { data?: { result?: Array<{ value: [number, string] }> } };
  const value = Number(body.data?.result?.[0]?.value[1]);
  return Number.isFinite(value) ? value : null;
}

export async function groupFigures(prometheusUrl: string, group: string, from: Date, to: Date): Promise<GroupFigures> {
  const window = `${Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000))}s`;
  const selector = `service="scale-api",group="${group}"`;
  const [errors, p99Seconds] = await Promise.all([
    instant(
      prometheusUrl,
      `sum(increase(http_server_request_duration_seconds_count{${selector},status_code=~"5.."}[${window}])) or vector(0)`,
      to,
    ),
    instant(
      prometheusUrl,
      `histogram_quantile(0.99, sum by (le) (increase(http_server_request_duration_seconds_bucket{${selector}}[${window}])))`,
      to,
    ),
  ]);
  return { errors, p99Seconds };
}
