import { Inject, Injectable } from '@nestjs/common';
import type { Group } from '../drivers/driver';
import type { RangeSeries } from '../probes/prometheus-client';
import { PrometheusLocator } from '../probes/prometheus-locator';
import { RUNNER_SETTINGS, type RunnerSettings } from '../settings/runner-settings';
import { groupQuery } from '@scale/chaos';
import type { ExperimentDetail, ExperimentReportData, ReportSeries } from './experiment-views';
import { samplesFromJson } from './probe-samples';
import type { ExperimentRow } from './persistence';

/** The API's golden signals, charted for every experiment beside its own probes. */
const GOLDEN_SIGNALS = [
  {
    name: 'API p99 latency',
    unit: 's',
    query: 'service_group:http_server_request_duration_seconds:p99_1m{service="scale-api",group="$group"}',
  },
  {
    name: 'API error ratio',
    unit: 'ratio',
    query: 'service_group:http_server_request_errors:ratio_rate1m{service="scale-api",group="$group"}',
  },
  {
    name: 'API throughput',
    unit: 'req/s',
    query: 'service_group:http_server_requests:rate1m{service="scale-api",group="$group"}',
  },
];

/** Charted before the start and after the end, so the charts show what normal looked like. */
const MARGIN_SECONDS = 60;

/** What the HTML report draws: the probes' samples, the golden signals over the run, the lifecycle's moments. */
@Injectable()
export class ExperimentReportBuilder {
  constructor(
    private readonly prometheus: PrometheusLocator,
    @Inject(RUNNER_SETTINGS) private readonly settings: RunnerSettings,
  ) {}

  async build(row: ExperimentRow, detail: ExperimentDetail): Promise<ExperimentReportData> {
    const samples = samplesFromJson(row.samples);
    const probeSeries: ReportSeries[] = row.document.steadyState.probes.map((probe) => ({
      name: probe.name,
      unit: unitOf(probe.query),
      control: finite(samples[probe.name]?.control ?? []),
      experiment: finite(samples[probe.name]?.experiment ?? []),
    }));
    const from = new Date((row.startedAt ?? row.createdAt).getTime() - MARGIN_SECONDS * 1000);
    const to = new Date(Math.min(Date.now(), (row.endedAt ?? new Date()).getTime() + MARGIN_SECONDS * 1000));
    const golden = await this.goldenSignals(from, to);
    return { detail, series: [...probeSeries, ...golden], markers: markersOf(detail) };
  }

  /** Left out when Prometheus does not answer: the report still shows the probes and the verdict. */
  private async goldenSignals(from: Date, to: Date): Promise<ReportSeries[]> {
    try {
      const client = await this.prometheus.get();
      const step = Math.max(1, Math.ceil(this.settings.PROBE_INTERVAL_SECONDS));
      return await Promise.all(
        GOLDEN_SIGNALS.map(async (signal) => {
          const [control, experiment] = await Promise.all(
            (['control', 'experiment'] as Group[]).map(async (group) =>
              pointsOf(await client.range(groupQuery(signal.query, group), from, to, step)),
            ),
          );
          return { name: signal.name, unit: signal.unit, control, experiment };
        }),
      );
    } catch {
      return [];
    }
  }
}

function pointsOf(series: readonly RangeSeries[]): Array<[number, number]> {
  return finite(series[0]?.points ?? []);
}

function finite(points: ReadonlyArray<[number, number]>): Array<[number, number]> {
  return points.filter(([, value]) => Number.isFinite(value));
}

/** A unit from the metric's name, as Prometheus' naming conventions put it there. */
export function unitOf(query: string): string {
  if (/_seconds\b|_seconds:/.test(query)) return 's';
  if (/_bytes\b|_bytes:/.test(query)) return 'bytes';
  if (/ratio/.test(query)) return 'ratio';
  if (/requests?:rate|rate\(/.test(query)) return '/s';
  return '';
}

function markersOf(detail: ExperimentDetail): ExperimentReportData['markers'] {
  const moments: Array<[string | null, ExperimentReportData['markers'][number]['label']]> = [
    [detail.startedAt, 'start'],
    [detail.injectedAt, 'injection'],
    [detail.detectedAt, 'detection'],
    [detail.recoveredAt, 'recovery'],
    [detail.endedAt, 'end'],
  ];
  return moments
    .filter((moment): moment is [string, (typeof moment)[1]] => moment[0] !== null)
    .map(([at, label]) => ({ at: Date.parse(at) / 1000, label }));
}
