import type { LoadFigures } from '../api/load';
import type { Measured, PhaseCpu } from '../api/report';
import type { Configuration } from './configurations';
import type { SinkCounts } from './sink';

/** The bar: full tracing and Sentry may cost at most this share of the uninstrumented throughput. */
export const MAX_LOST_AT_FULL_SAMPLING = 0.1;

export type ConfigurationKey = Configuration['key'];

export interface RoundResult {
  readonly round: number;
  /** The configurations in the order this round loaded them. */
  readonly order: readonly ConfigurationKey[];
  readonly phases: Readonly<Record<ConfigurationKey, Measured<LoadFigures>>>;
}

export interface ConfigurationResult {
  readonly key: ConfigurationKey;
  readonly label: string;
  readonly readySeconds: number;
  /** Requests this API answered over the run, warm-up included: what the sink's traces are counted against. */
  readonly requests: number;
  /** What the API exported; none for the configuration without instrumentation. */
  readonly sink?: SinkCounts;
}

export interface OverheadResult {
  readonly songs: number;
  readonly inserted: number;
  readonly writeSeconds: number;
  readonly sampleSize: number;
  readonly connections: number;
  readonly seconds: number;
  readonly warmUpSeconds: number;
  readonly cores: number;
  /** One-minute load average when the run started: a busy shared machine shows here first. */
  readonly loadAverage: number;
  readonly quick: boolean;
  readonly configurations: readonly ConfigurationResult[];
  readonly rounds: readonly RoundResult[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, z) => a - z);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? NaN
    : sorted.length % 2 === 1
      ? sorted[middle]
      : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** API CPU seconds per 1000 answered requests: steadier than rates on a shared machine. */
export const apiCpuPer1000 = (phase: Measured<LoadFigures>) => (1000 * phase.cpu.api) / phase.ok;

export function summarize(result: OverheadResult) {
  const phasesOf = (key: ConfigurationKey) => result.rounds.map((round) => round.phases[key]);
  const medians = Object.fromEntries(
    result.configurations.map(({ key }) => {
      const phases = phasesOf(key);
      return [
        key,
        {
          reqPerSec: median(phases.map((p) => p.reqPerSec)),
          p50Ms: median(phases.map((p) => p.latency.p50)),
          p99Ms: median(phases.map((p) => p.latency.p99)),
          apiCpuPer1000: median(phases.map(apiCpuPer1000)),
        },
      ];
    }),
  ) as Record<ConfigurationKey, { reqPerSec: number; p50Ms: number; p99Ms: number; apiCpuPer1000: number }>;
  // Per round, then the median: each round loads the configurations back to back under the same
  // noise, which is what makes its two figures comparable.
  const lostPerRound = (key: ConfigurationKey) =>
    result.rounds.map((round) => 1 - round.phases[key].reqPerSec / round.phases.off.reqPerSec);
  const cpuRatioPerRound = (key: ConfigurationKey) =>
    result.rounds.map((round) => apiCpuPer1000(round.phases[key]) / apiCpuPer1000(round.phases.off));
  const versusOff = (key: ConfigurationKey) => ({
    lost: median(lostPerRound(key)),
    lostPerRound: lostPerRound(key),
    apiCpuRatio: median(cpuRatioPerRound(key)),
  });
  const sampled100 = versusOff('sampled100');
  return {
    medians,
    sampled100,
    sampled10: versusOff('sampled10'),
    bar: { maxLost: MAX_LOST_AT_FULL_SAMPLING, met: sampled100.lost <= MAX_LOST_AT_FULL_SAMPLING },
  };
}

/** Instrumented APIs that exported nothing: then the instrumentation did not run and nothing was measured. */
export function silentExporters(result: OverheadResult): string[] {
  return result.configurations.filter((c) => c.sink !== undefined && c.sink.spans === 0).map((c) => c.label);
}

export function jsonReport(result: OverheadResult): string {
  return JSON.stringify({ ...result, summary: summarize(result) });
}

const fixed = (value: number, width: number, digits = 0) =>
  (Number.isFinite(value) ? value.toFixed(digits) : '?').padStart(width);
const percent = (share: number, digits = 1) => `${(100 * share).toFixed(digits)}%`;
const bytes = (count: number) => (count >= 1e6 ? `${(count / 1e6).toFixed(1)} MB` : `${(count / 1e3).toFixed(1)} kB`);

/** Share of one core per process: bench (load generator and sinks) / API / Postgres / others. */
function cpuShares(phase: Measured<LoadFigures>): string {
  const { bench, api, postgres, others }: PhaseCpu = phase.cpu;
  return [bench, api, postgres, others]
    .map((used) => (Number.isFinite(used) ? ((100 * used) / phase.seconds).toFixed(0) : '?'))
    .join('/');
}

function phaseLine(first: string, label: string, phase: Measured<LoadFigures>): string {
  return (
    `${first.padStart(6)}  ${label.padEnd(9)} ${fixed(phase.reqPerSec, 7)} ${fixed(phase.latency.p50, 7, 1)} ${fixed(phase.latency.p99, 7, 1)}` +
    ` ${String(phase.non2xx + phase.errors).padStart(6)} ${fixed(apiCpuPer1000(phase), 10, 3)}  ${cpuShares(phase).padStart(14)}`
  );
}

function exportLines(configuration: ConfigurationResult): string[] {
  const sink = configuration.sink;
  if (!sink) return [];
  const items = Object.entries(sink.sentryItems).map(([type, count]) => `${type} ${count}`);
  const others = Object.entries(sink.otherPaths).map(([path, count]) => `${path} ×${count}`);
  return [
    // The requests in flight when a load stops are traced but not counted as answered: a few over 100% is right.
    `exported, ${configuration.label}: ${sink.traceExports} OTLP requests, ${bytes(sink.traceBytes)}; ${sink.spans} spans, ${sink.roots} traced requests ` +
      `(${fixed(sink.spans / sink.roots, 0, 1)} spans each) of ${configuration.requests} answered → ${percent(sink.roots / configuration.requests)} traced` +
      (sink.undecodable > 0 ? `, ${sink.undecodable} bodies undecodable` : ''),
    `  Sentry: ${sink.sentryEnvelopes} envelopes, ${bytes(sink.sentryBytes)}${items.length > 0 ? ` (${items.join(', ')})` : ''}` +
      (others.length > 0 ? `; also posted: ${others.join(', ')}` : '') +
      `; decoding in the sink took ${(sink.decodeMs / 1000).toFixed(2)} s of the bench's CPU`,
  ];
}

/** What one traced request makes, from the spans exported at full sampling. */
function spanLines(configuration: ConfigurationResult | undefined): string[] {
  const sink = configuration?.sink;
  if (!sink || sink.roots === 0) return [];
  return [
    `spans per traced request, ${configuration.label} (instrumentation scope, kind, name):`,
    ...sink.spansByName
      .slice(0, 20)
      .map(({ span, count }) => `  ${(count / sink.roots).toFixed(2).padStart(6)}  ${span}`),
    ...(sink.spansByName.length > 20 ? [`  ... and ${sink.spansByName.length - 20} more names`] : []),
  ];
}

export function humanReport(result: OverheadResult): string[] {
  const summary = summarize(result);
  const label = (key: ConfigurationKey) => result.configurations.find((c) => c.key === key)?.label ?? key;
  const lines = [
    `Overhead bench: ${result.songs} songs (${result.inserted} written in ${result.writeSeconds.toFixed(1)} s), ${result.sampleSize} sampled ids, ` +
      `${result.rounds.length} round${result.rounds.length === 1 ? '' : 's'} × ${result.seconds} s per configuration after ${result.warmUpSeconds} s warm-ups, ` +
      `closed loop at ${result.connections} connections, ${result.cores} cores, load average at start ${result.loadAverage.toFixed(2)}` +
      (result.quick ? ' -- QUICK RUN: phases too short for figures' : ''),
    `APIs ready in ${result.configurations.map((c) => `${c.readySeconds.toFixed(1)} s (${c.label})`).join(', ')}; ` +
      'each runs from the first round to the last, the order rotating per round',
    '',
    ' round  config      req/s  p50 ms  p99 ms  errors  API CPU s/   CPU% b/api/pg/o',
    '                                                   1000 req',
  ];
  for (const round of result.rounds) {
    round.order.forEach((key, i) =>
      lines.push(phaseLine(i === 0 ? String(round.round) : '', label(key), round.phases[key])),
    );
  }
  for (const { key } of result.configurations) {
    const m = summary.medians[key];
    lines.push(
      `median  ${label(key).padEnd(9)} ${fixed(m.reqPerSec, 7)} ${fixed(m.p50Ms, 7, 1)} ${fixed(m.p99Ms, 7, 1)}        ${fixed(m.apiCpuPer1000, 10, 3)}`,
    );
  }
  const lostLine = (key: 'sampled100' | 'sampled10') => {
    const versus = summary[key];
    return (
      `throughput lost, ${label(key)}: ${percent(versus.lost)} (median of the rounds' 1 − on/off: ${versus.lostPerRound.map((lost) => percent(lost)).join(', ')}); ` +
      `API CPU per request ×${versus.apiCpuRatio.toFixed(2)} of off`
    );
  };
  lines.push(
    '  CPU% per process, 100 = one core: b = this process (load generator and sinks), api = the API under load, pg = Postgres, o = everything else',
    '',
    lostLine('sampled100'),
    lostLine('sampled10'),
    ...result.configurations.flatMap(exportLines),
    '',
    `bar: ≤ ${percent(MAX_LOST_AT_FULL_SAMPLING, 0)} throughput lost at 100% sampling → ${summary.bar.met ? 'met' : 'NOT MET'} (${percent(summary.sampled100.lost)})`,
  );
  const silent = silentExporters(result);
  if (silent.length > 0) {
    lines.push(`RUN INVALID: no spans reached the sink from ${silent.join(', ')}: the instrumentation did not run`);
  }
  const spans = spanLines(result.configurations.find((c) => c.key === 'sampled100'));
  return spans.length > 0 ? [...lines, '', ...spans] : lines;
}
