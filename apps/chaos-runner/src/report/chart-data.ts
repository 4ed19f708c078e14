import type { ReportSeries } from '../experiments/experiment-views';

/** One chart as uPlot draws it: a shared x axis (unix seconds) and a value or a gap for each group. */
export interface Chart {
  name: string;
  unit: string;
  x: number[];
  control: Array<number | null>;
  experiment: Array<number | null>;
}

export interface ChartsPayload {
  charts: Chart[];
  markers: Array<{ at: number; label: string }>;
}

/**
 * The two groups are sampled by separate queries, so their timestamps need not coincide: the chart's
 * x axis is the union of both, and a group without a sample at a time has a gap there (drawn as a
 * break, not as a line through missing data). A non-finite value (Prometheus's NaN) is a gap too.
 */
export function alignSeries(series: ReportSeries): Chart {
  const byTime = new Map<number, { control: number | null; experiment: number | null }>();
  const put = (samples: ReadonlyArray<readonly [number, number]>, group: 'control' | 'experiment') => {
    for (const [at, value] of samples) {
      if (!Number.isFinite(at)) continue;
      const slot = byTime.get(at) ?? { control: null, experiment: null };
      slot[group] = Number.isFinite(value) ? value : null;
      byTime.set(at, slot);
    }
  };
  put(series.control, 'control');
  put(series.experiment, 'experiment');
  const x = [...byTime.keys()].sort((a, b) => a - b);
  return {
    name: series.name,
    unit: series.unit,
    x,
    control: x.map((at) => byTime.get(at)!.control),
    experiment: x.map((at) => byTime.get(at)!.experiment),
  };
}

export function chartsPayload(
  series: readonly ReportSeries[],
  markers: ReadonlyArray<{ at: number; label: string }>,
): ChartsPayload {
  return {
    charts: series.map(alignSeries),
    markers: markers.filter((marker) => Number.isFinite(marker.at)).map(({ at, label }) => ({ at, label })),
  };
}
