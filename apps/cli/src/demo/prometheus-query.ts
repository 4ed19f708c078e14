/** One series of an instant query's answer. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** An instant query of Prometheus's HTTP API, at `at` (default now). */
export async function instantVector(prometheusUrl: string, query: string, at?: Date): Promise<Sample[]> {
  const time = at === undefined ? '' : `&time=${at.getTime() / 1000}`;
  const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}${time}`;
  const body = (await (await fetch(url)).json()) as {
    data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  return (body.data?.result ?? []).map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
}

/** The first series' value, or null when there is none (or it is not a number). */
export async function instantValue(prometheusUrl: string, query: string, at?: Date): Promise<number | null> {
  const value = (await instantVector(prometheusUrl, query, at))[0]?.value;
  return value !== undefined && Number.isFinite(value) ? value : null;
}
