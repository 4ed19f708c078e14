import { median, medianInterval, type MedianInterval } from '@scale/chaos';
import type { LoadFigures } from '../api/load';
import type { Measured, PhaseCpu } from '../api/report';
import type { ThreadTimes } from '../common/thread-times';
import { CONFIGURATIONS, type Configuration } from './configurations';
import type { EncodingFigures } from './encoding';
import { profileLines } from './profile-report';
import type { ConfigurationProfile } from './profiles';
import type { SinkCounts } from './sink';
import { anchorBar, type AnchorBar } from './anchor-bar';
import { verdict, type Verdict } from './verdict';

/** The bars: throughput Scale's instrumentation may cost against off, at each sampling. */
export const MAX_LOST = { scale100: 0.1, scale10: 0.05, scale0: 0.03 } as const;
/** And how much faster than the upstream configuration it must be at 100% sampling. */
export const MIN_SPEED_UP_OVER_ANCHOR = 2;

export type ConfigurationKey = Configuration['key'];

/** One configuration's load in one round, with the API's main thread's own account of it. */
export type OverheadPhase = Measured<LoadFigures> & { readonly mainThread: ThreadTimes };

export interface RoundResult {
  readonly round: number;
  /** The configurations in the order this round loaded them. */
  readonly order: readonly ConfigurationKey[];
  readonly phases: Readonly<Record<ConfigurationKey, OverheadPhase>>;
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
  /** Rounds each API process served before all were restarted; 0: one process each for the run. */
  readonly restartEvery: number;
  readonly cores: number;
  /** One-minute load average when the run started: a busy shared machine shows here first. */
  readonly loadAverage: number;
  readonly quick: boolean;
  readonly configurations: readonly ConfigurationResult[];
  readonly rounds: readonly RoundResult[];
  readonly encoding: EncodingFigures;
  /** With --profile: where the profiles are, and what each configuration's says. */
  readonly profiles?: { readonly dir: string; readonly of: readonly ConfigurationProfile[] };
}

/** API CPU seconds per 1000 answered requests: steadier than rates on a shared machine. */
export const apiCpuPer1000 = (phase: Measured<LoadFigures>) => (1000 * phase.cpu.api) / phase.ok;

/** API CPU microseconds per answered request. */
const apiCpuMicros = (phase: Measured<LoadFigures>) => (1e6 * phase.cpu.api) / phase.ok;
/** The API main thread's microseconds per answered request: on a core, and waiting for one. */
const mainRunningMicros = (phase: OverheadPhase) => (1e6 * phase.mainThread.running) / phase.ok;
const mainWaitingMicros = (phase: OverheadPhase) => (1e6 * phase.mainThread.waiting) / phase.ok;

type Versus = {
  lost: number;
  lostPerRound: number[];
  /** Where the median loss lies, at 95%: how far the rounds' noise lets this run tell. */
  lostInterval: MedianInterval | undefined;
  apiCpuRatio: number;
  addedMicros: number;
  addedMicrosInterval: MedianInterval | undefined;
  /** The main thread's own µs per request against off: on a core, and runnable but waiting for one. */
  mainRunningMicros: number;
  mainWaitingMicros: number;
};

export function summarize(result: OverheadResult) {
  const keys = result.configurations.map(({ key }) => key);
  const phasesOf = (key: ConfigurationKey) => result.rounds.map((round) => round.phases[key]);
  const medians = Object.fromEntries(
    keys.map((key) => {
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
  // noise, which is what makes its figures comparable.
  const perRound = (of: (phases: RoundResult['phases']) => number) => median(result.rounds.map((r) => of(r.phases)));
  const micros = (key: ConfigurationKey) => (phases: RoundResult['phases']) => apiCpuMicros(phases[key]);
  const versus = (key: ConfigurationKey): Versus => {
    const lostPerRound = result.rounds.map((round) => 1 - round.phases[key].reqPerSec / round.phases.off.reqPerSec);
    const added = result.rounds.map(({ phases }) => micros(key)(phases) - micros('off')(phases));
    return {
      lost: median(lostPerRound),
      lostPerRound,
      lostInterval: medianInterval(lostPerRound),
      apiCpuRatio: perRound((phases) => apiCpuPer1000(phases[key]) / apiCpuPer1000(phases.off)),
      addedMicros: median(added),
      addedMicrosInterval: medianInterval(added),
      mainRunningMicros: perRound((phases) => mainRunningMicros(phases[key]) - mainRunningMicros(phases.off)),
      mainWaitingMicros: perRound((phases) => mainWaitingMicros(phases[key]) - mainWaitingMicros(phases.off)),
    };
  };
  const versusOff = Object.fromEntries(keys.filter((key) => key !== 'off').map((key) => [key, versus(key)])) as Record<
    Exclude<ConfigurationKey, 'off'>,
    Versus
  >;
  const parts = partsOf(result, apiCpuMicros);
  const mainParts = partsOf(result, mainRunningMicros);
  const anchor = anchorBar(
    result.rounds.map(({ phases: p }) => ({
      off: p.off.reqPerSec,
      scale100: p.scale100.reqPerSec,
      anchor: p.anchor.reqPerSec,
    })),
    MIN_SPEED_UP_OVER_ANCHOR,
  );
  // The instrument entry alone: against the app as it runs without it, the RED histogram on in both.
  const entryLost = Object.fromEntries(
    (['scale0', 'scale10', 'scale100', 'anchor'] as const).map((key) => [
      key,
      perRound((p) => 1 - p[key].reqPerSec / p.metrics.reqPerSec),
    ]),
  ) as Record<'scale0' | 'scale10' | 'scale100' | 'anchor', number>;
  const lostBar = (key: keyof typeof MAX_LOST) =>
    verdict(versusOff[key].lost, versusOff[key].lostInterval, (lost) => lost <= MAX_LOST[key]);
  const bars = {
    scale100: lostBar('scale100'),
    scale10: lostBar('scale10'),
    scale0: lostBar('scale0'),
    anchor: anchor.verdict,
  };
  return { medians, versusOff, entryLost, parts, mainParts, anchor, bars };
}

/**
 * What each part adds, in µs per request of `measure` (medians of the rounds): the configurations
 * differ by one part at a time.
 */
function partsOf(result: OverheadResult, measure: (phase: OverheadPhase) => number) {
  const perRound = (of: (phases: RoundResult['phases']) => number) => median(result.rounds.map((r) => of(r.phases)));
  const m = (key: ConfigurationKey) => (phases: RoundResult['phases']) => measure(phases[key]);
  return {
    metrics: perRound((p) => m('metrics')(p) - m('off')(p)),
    sentry: perRound((p) => m('sentry')(p) - m('off')(p)),
    tracingUnsampled: perRound((p) => m('scale0')(p) - m('metrics')(p) - m('sentry')(p) + m('off')(p)),
    sampling10: perRound((p) => m('scale10')(p) - m('scale0')(p)),
    sampling100: perRound((p) => m('scale100')(p) - m('scale0')(p)),
    // The 100% figure split: making and ending every span, then sending them.
    making100: perRound((p) => m('unsent100')(p) - m('scale0')(p)),
    sending100: perRound((p) => m('scale100')(p) - m('unsent100')(p)),
  };
}

function partLine(parts: ReturnType<typeof partsOf>): string {
  return (
    `RED histogram ${signedMicros(parts.metrics)}; Sentry ${signedMicros(parts.sentry)}; tracing, nothing sampled ${signedMicros(parts.tracingUnsampled)}; ` +
    `sampling 10% ${signedMicros(parts.sampling10)}; sampling 100% ${signedMicros(parts.sampling100)} ` +
    `(making the spans ${signedMicros(parts.making100)}, sending them ${signedMicros(parts.sending100)})`
  );
}

/** Instrumented APIs that exported nothing: then the instrumentation did not run and nothing was measured. */
export function silentExporters(result: OverheadResult): string[] {
  const sampling = (key: ConfigurationKey) => CONFIGURATIONS.find((c) => c.key === key)?.sampling ?? 0;
  const exported = (key: ConfigurationKey) => CONFIGURATIONS.find((c) => c.key === key)?.exported ?? false;
  return result.configurations
    .filter((c) => c.sink !== undefined && sampling(c.key) > 0 && exported(c.key) && c.sink.spans === 0)
    .map((c) => c.label);
}

export function jsonReport(result: OverheadResult): string {
  return JSON.stringify({ ...result, summary: summarize(result) });
}

const fixed = (value: number, width: number, digits = 0) =>
  (Number.isFinite(value) ? value.toFixed(digits) : '?').padStart(width);
const percent = (share: number, digits = 1) => `${(100 * share).toFixed(digits)}%`;
const range = (interval: MedianInterval | undefined, format: (value: number) => string) =>
  interval === undefined
    ? 'too few rounds for a 95% interval'
    : `95% interval ${format(interval.low)} to ${format(interval.high)}`;
const signedMicros = (micros: number) => `${micros >= 0 ? '+' : '−'}${Math.abs(micros).toFixed(1)} µs`;
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
    `${first.padStart(6)}  ${label.padEnd(12)} ${fixed(phase.reqPerSec, 7)} ${fixed(phase.latency.p50, 7, 1)} ${fixed(phase.latency.p99, 7, 1)}` +
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

function encodingLine({ spans, rounds, protobuf, json, records }: EncodingFigures): string {
  const figure = ({ microsPerSpan, bytesPerSpan }: { microsPerSpan: number; bytesPerSpan: number }) =>
    `${microsPerSpan.toFixed(2)} µs and ${bytesPerSpan.toFixed(0)} bytes per span`;
  return (
    `OTLP encoding of ${spans} similar-songs spans (medians of ${rounds} interleaved rounds): upstream's protobuf ${figure(protobuf)}, ` +
    `JSON ${figure(json)} (×${(json.microsPerSpan / protobuf.microsPerSpan).toFixed(2)} the time); ` +
    `the API's span records ${figure(records)} (×${(records.microsPerSpan / protobuf.microsPerSpan).toFixed(2)} upstream's protobuf)`
  );
}

const ratioWithRange = (ratio: number, interval: MedianInterval | undefined) =>
  `×${ratio.toFixed(2)}, ${range(interval, (value) => `×${value.toFixed(2)}`)}`;

function anchorCeilingLine(anchor: AnchorBar): string {
  const ceiling = `off itself is ${ratioWithRange(anchor.ceiling, anchor.ceilingInterval)} the anchor's throughput`;
  return anchor.outOfReach
    ? `  the anchor bar is out of reach of any instrumentation on this machine: ${ceiling}, under ${MIN_SPEED_UP_OVER_ANCHOR}× over its whole interval, and instrumenting the endpoint only adds work to it`
    : `  the most any instrumentation could reach: ${ceiling}`;
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
      (result.restartEvery > 0 && result.restartEvery < result.rounds.length
        ? `each a new process every ${result.restartEvery} rounds (${Math.ceil(result.rounds.length / result.restartEvery)} processes per configuration), warmed up anew`
        : 'each runs from the first round to the last') +
      ', the order rotating per round',
    '',
    ' round  config         req/s  p50 ms  p99 ms  errors  API CPU s/   CPU% b/api/pg/o',
    '                                                      1000 req',
  ];
  for (const round of result.rounds) {
    round.order.forEach((key, i) =>
      lines.push(phaseLine(i === 0 ? String(round.round) : '', label(key), round.phases[key])),
    );
  }
  for (const { key } of result.configurations) {
    const m = summary.medians[key];
    lines.push(
      `median  ${label(key).padEnd(12)} ${fixed(m.reqPerSec, 7)} ${fixed(m.p50Ms, 7, 1)} ${fixed(m.p99Ms, 7, 1)}        ${fixed(m.apiCpuPer1000, 10, 3)}`,
    );
  }
  const versusLine = (key: Exclude<ConfigurationKey, 'off'>) => {
    const v = summary.versusOff[key];
    return (
      `  ${label(key).padEnd(13)} ${percent(v.lost).padStart(6)} lost (${range(v.lostInterval, (lost) => percent(lost))}; rounds: ${v.lostPerRound.map((lost) => percent(lost)).join(', ')}); ` +
      `API CPU per request ×${v.apiCpuRatio.toFixed(2)}, ${signedMicros(v.addedMicros)} (${range(v.addedMicrosInterval, signedMicros)}); ` +
      `its main thread ${signedMicros(v.mainRunningMicros)} on a core, ${signedMicros(v.mainWaitingMicros)} waiting for one`
    );
  };
  const bar = (verdict: Verdict) => (verdict === 'met' ? 'met' : verdict === 'not met' ? 'NOT MET' : 'UNRESOLVED');
  lines.push(
    '  CPU% per process, 100 = one core: b = this process (load generator and sinks), api = the API under load, pg = Postgres, o = everything else',
    '',
    'against off (medians of the rounds):',
    ...result.configurations
      .filter(({ key }) => key !== 'off')
      .map(({ key }) => versusLine(key as Exclude<ConfigurationKey, 'off'>)),
    "  (the main thread's figures are the scheduler's, from /proc/<pid>/task/<pid>/schedstat: an event loop's throughput follows that thread's time on a core per request, and its wait for a core counts what the API's other threads and other processes took from it)",
    `the instrument entry alone, against metrics only: scale 0% ${percent(summary.entryLost.scale0)}, 10% ${percent(summary.entryLost.scale10)}, ` +
      `100% ${percent(summary.entryLost.scale100)}; anchor ${percent(summary.entryLost.anchor)} lost`,
    '',
    'API CPU per request each part adds (medians of the rounds, from the configurations that differ by that part):',
    `  all threads: ${partLine(summary.parts)}`,
    `  main thread on a core: ${partLine(summary.mainParts)}`,
    ...result.configurations.flatMap(exportLines),
    encodingLine(result.encoding),
    '',
    `bar: scale at 100% ≤ ${percent(MAX_LOST.scale100, 0)} lost → ${bar(summary.bars.scale100)}; at 10% ≤ ${percent(MAX_LOST.scale10, 0)} → ${bar(summary.bars.scale10)}; ` +
      `sampler off ≤ ${percent(MAX_LOST.scale0, 0)} → ${bar(summary.bars.scale0)}; ≥ ${MIN_SPEED_UP_OVER_ANCHOR}× the anchor at 100% → ${bar(summary.bars.anchor)} ` +
      `(${ratioWithRange(summary.anchor.speedUp, summary.anchor.speedUpInterval)})`,
    '  each bar is read against the 95% interval of its median: UNRESOLVED when the interval straddles the bar, and the rounds cannot tell',
    anchorCeilingLine(summary.anchor),
  );
  const silent = silentExporters(result);
  if (silent.length > 0) {
    lines.push(`RUN INVALID: no spans reached the sink from ${silent.join(', ')}: the instrumentation did not run`);
  }
  const spans = ['scale100', 'anchor'].flatMap((key) => spanLines(result.configurations.find((c) => c.key === key)));
  return [
    ...lines,
    ...(spans.length > 0 ? ['', ...spans] : []),
    ...profileLines(result),
    '',
    `throughput lost, scale, 100%: ${percent(summary.versusOff.scale100.lost)}`,
    `throughput lost, scale, 10%: ${percent(summary.versusOff.scale10.lost)}`,
  ];
}
