import type { ApiRuntime } from './api-runtime';
import type { CorrectnessResult } from './correctness';
import type { LoadFigures } from './load';
import { describeFailures, type PacedFigures } from './paced';
import type { ProfileWindow } from './profile';

/** The bars. The fixed rate counts as sustained when 99% of it came back as 2xx over the phase. */
export const BARS = { p99Ms: 20, sustainedShare: 0.99, ratio: 25, tailP999Ms: 10, tailMaxMs: 25 } as const;

/** CPU seconds per process during a phase; N cores give N × the phase's seconds in all. NaN: unknown. */
export interface PhaseCpu {
  /** This process: the load generator. */
  readonly bench: number;
  readonly api: number;
  /** The postmaster and its backends; unknown for a server given with --database-url. */
  readonly postgres: number;
  /** Everything else on the machine: the noise a shared machine adds. */
  readonly others: number;
}

export type Measured<T extends LoadFigures> = T & { readonly cpu: PhaseCpu };

export interface ApiBenchResult {
  readonly songs: number;
  readonly inserted: number;
  readonly distinctInstrumentSets: number;
  readonly writeSeconds: number;
  readonly sampleSize: number;
  readonly apiReadySeconds: number;
  readonly cores: number;
  /** One-minute load average when the run started: a busy shared machine shows here first. */
  readonly loadAverage: number;
  readonly quick: boolean;
  /** How the API was instrumented, and what it exported over the whole run. */
  readonly instrumentation: {
    readonly description: string;
    readonly sampling: number;
    readonly spans: number;
    readonly traceExports: number;
  };
  readonly correctness: CorrectnessResult;
  readonly fixedRate: Measured<PacedFigures>;
  /** The API's own event loop delay and major collections over phase a, from its /metrics. */
  readonly fixedRateRuntime: ApiRuntime;
  /**
   * Phase a's rate and paths against a bare node:http server sending the API's answers, one round
   * before phase a and one after: what the machine and the generator show with no API at all.
   */
  readonly floor: ReadonlyArray<Measured<PacedFigures>>;
  readonly indexMax: Measured<LoadFigures>;
  readonly sqlMax: Measured<LoadFigures>;
  /** Index max req/s over SQL max req/s. */
  readonly ratio: number;
  readonly bars: {
    readonly identical: boolean;
    readonly fixedRate: boolean;
    readonly tail: boolean;
    /** The floor met the stall bar in every round: only then can this machine tell whether the API does. */
    readonly floorTail: boolean;
    readonly ratio: boolean;
  };
  readonly profile?: { readonly fixedRate: ProfileWindow; readonly indexMax: ProfileWindow };
}

const noStall = (phase: PacedFigures) => phase.latency.p999 <= BARS.tailP999Ms && phase.latency.max <= BARS.tailMaxMs;

export function judge(
  correctness: CorrectnessResult,
  fixedRate: PacedFigures,
  ratio: number,
  floor: readonly PacedFigures[],
) {
  return {
    identical: correctness.checked > 0 && correctness.identical === correctness.checked,
    fixedRate:
      fixedRate.errors === 0 &&
      fixedRate.non2xx === 0 &&
      fixedRate.reqPerSec >= BARS.sustainedShare * fixedRate.rate &&
      fixedRate.latency.p99 <= BARS.p99Ms,
    // No stall: the periodic pauses a latency SLO alert would read show here first.
    tail: noStall(fixedRate),
    floorTail: floor.length > 0 && floor.every(noStall),
    ratio: ratio >= BARS.ratio,
  };
}

export function jsonReport(result: ApiBenchResult): string {
  return JSON.stringify(result);
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1)).padStart(7);

/** Share of one core per process: bench (the load generator) / API / Postgres / others. */
function cpuShares(seconds: number, cpu: PhaseCpu): string {
  return [cpu.bench, cpu.api, cpu.postgres, cpu.others]
    .map((used) => (Number.isFinite(used) ? ((100 * used) / seconds).toFixed(0) : '?'))
    .join('/');
}

/** CPU ms per answered request, API and Postgres: the cost that decides the rate on shared cores. */
function perRequest(phase: Measured<LoadFigures>): string {
  const of = (seconds: number) => (Number.isFinite(seconds) ? ((1000 * seconds) / phase.ok).toFixed(2) : '?');
  return `${of(phase.cpu.api)}/${of(phase.cpu.postgres)}`;
}

function phaseLine(name: string, phase: Measured<LoadFigures>): string {
  const { latency } = phase;
  return (
    `${name.padEnd(26)} ${String(phase.connections).padStart(5)} ${phase.seconds.toFixed(1).padStart(5)} ${phase.reqPerSec.toFixed(0).padStart(7)}` +
    ` ${ms(latency.p50)} ${ms(latency.p90)} ${ms(latency.p99)} ${ms(latency.max)} ${String(phase.non2xx + phase.errors).padStart(6)}` +
    `  ${cpuShares(phase.seconds, phase.cpu).padStart(13)}  ${perRequest(phase).padStart(11)}`
  );
}

function slowLine(a: PacedFigures): string {
  const { slow } = a;
  const share = ((100 * slow.requests) / Math.max(1, a.ok + a.non2xx + a.errors)).toFixed(1);
  const every = Number.isFinite(slow.medianIntervalMs)
    ? `, one every ${(slow.medianIntervalMs / 1000).toFixed(2)} s (median)`
    : '';
  return `  a: ${slow.requests} requests (${share}%) over ${slow.overMs} ms, in ${slow.episodes} episodes${every}: a periodic stall in the API shows as a steady interval`;
}

function runtimeLines({ eventLoopMaxMs, majorGcs, majorGcPauseMs, majorFaults }: ApiRuntime): string[] {
  const loop =
    eventLoopMaxMs === undefined
      ? `  a: the API's /metrics gave no event loop delay`
      : `  a: the API's event loop was held up at most ${eventLoopMaxMs.toFixed(1)} ms at a time ` +
        `(nodejs_eventloop_lag_max_seconds over the phase); a slower request waited behind a backlog of several turns, or outside the API`;
  const gc =
    majorGcs === undefined || majorGcPauseMs === undefined
      ? `  a: the API's /metrics gave no major GC figures`
      : `  a: ${majorGcs} major GC${majorGcs === 1 ? '' : 's'} in the API (${majorGcPauseMs.toFixed(1)} ms of main-thread pauses, nodejs_gc_duration_seconds{kind="major"}); ` +
        `each also marks its heap on V8's background threads, which share the cores with the API's main thread`;
  const count = (faults: number | undefined) => (faults === undefined ? '?' : String(faults));
  const faults =
    `  a: ${count(majorFaults.process)} major page faults in the API, ${count(majorFaults.machine)} on the whole machine ` +
    `(pages read back from disk while a thread waited: a machine reclaiming page cache evicts the node binary's code too, and such a stall is the machine's)`;
  return [loop, gc, faults];
}

/** What the failed requests of the paced phases met, for those that had any. */
export function failureLines(phases: ReadonlyArray<[string, PacedFigures | undefined]>): string[] {
  return phases.flatMap(([name, phase]) => {
    const failed = phase && describeFailures(phase);
    return failed ? [`  ${name}: failed requests: ${failed}`] : [];
  });
}

/** Other work on the machine takes cores from all three processes: say so next to the figures. */
const NOISY_SHARE = 0.25;

function noiseLines(result: ApiBenchResult): string[] {
  const phases: Array<[string, Measured<LoadFigures>]> = [
    ['a', result.fixedRate],
    ['b', result.indexMax],
    ['c', result.sqlMax],
  ];
  const noisy = phases.filter(([, phase]) => phase.cpu.others / phase.seconds > NOISY_SHARE).map(([name]) => name);
  if (noisy.length === 0) return [];
  return [
    `  NOTE: other processes used over ${100 * NOISY_SHARE}% of a core during phase ${noisy.join(', ')}: the machine was not quiet, so those figures are pessimistic`,
  ];
}

function profileLines(title: string, window: ProfileWindow): string[] {
  const line = ({ name, ms: spent, share }: { name: string; ms: number; share: number }) =>
    `    ${(100 * share).toFixed(1).padStart(5)}%  ${spent.toFixed(0).padStart(6)} ms  ${name}`;
  return [
    `API CPU profile, ${title}: ${window.busyMs.toFixed(0)} ms busy on the main thread (${window.file})`,
    '  by area (self time):',
    ...window.byArea.slice(0, 10).map(line),
    '  by function (self time):',
    ...window.byFunction.map(line),
  ];
}

/** Whose stall phase a's tail is: the floor's own tail beside the bar. */
function floorLine({ floor, bars }: ApiBenchResult): string {
  const figures = floor
    .map((round) => `p99.9 ${round.latency.p999.toFixed(2)} ms, max ${round.latency.max.toFixed(1)} ms`)
    .join('; ');
  return bars.floorTail
    ? `  the floor met that bar in every round (${figures}): a stall over it in phase a is the API's`
    : `  the floor, with no API at all, did not meet that bar in every round (${figures}): ` +
        `a stall of that size in phase a may be this machine's or the generator's, not the API's`;
}

export function humanReport(result: ApiBenchResult): string[] {
  const { correctness: c, fixedRate: a, indexMax: b, sqlMax: s, bars } = result;
  const lines = [
    `API bench: ${result.songs} songs (${result.inserted} written in ${result.writeSeconds.toFixed(1)} s, ${result.distinctInstrumentSets} distinct instrument sets), ` +
      `${result.sampleSize} sampled ids, API ready in ${result.apiReadySeconds.toFixed(1)} s, ${result.cores} cores, load average at start ${result.loadAverage.toFixed(2)}` +
      (result.quick ? ' -- QUICK RUN: phases too short for figures' : ''),
    `API: ${result.instrumentation.description}; ${result.instrumentation.spans} spans in ${result.instrumentation.traceExports} exports over the run`,
    `correctness: engine=index and engine=sql identical on ${c.identical} of ${c.checked} songs ` +
      `(${c.full} with a full page); one at a time, median index ${c.indexMedianMs.toFixed(2)} ms, sql ${c.sqlMedianMs.toFixed(1)} ms`,
    ...c.mismatches.slice(0, 20).map((m) => `  MISMATCH song ${m.id}: ${m.detail}`),
    ...(c.mismatches.length > 20 ? [`  ... and ${c.mismatches.length - 20} more`] : []),
    '',
    'phase                      conns     s   req/s  p50 ms  p90 ms  p99 ms  max ms  errors  CPU% b/api/pg/o  ms/req api/pg',
    ...result.floor.map((round, index) => phaseLine(`floor, ${index === 0 ? 'before' : 'after'} a`, round)),
    phaseLine(`a. index @ ${a.rate} req/s fixed`, a),
    phaseLine('b. index, max (closed)', b),
    phaseLine('c. sql, max (closed)', s),
    `  a: latency from each request's due time (open loop); from its send time p50 ${a.serviceLatency.p50.toFixed(2)}, ` +
      `p99 ${a.serviceLatency.p99.toFixed(2)}, max ${a.serviceLatency.max.toFixed(1)} ms; generator at most ${a.maxSendLagMs.toFixed(1)} ms late; ` +
      `at most ${a.maxInFlight} requests in flight (${a.connections} sockets allowed)`,
    `  a: p99.9 ${a.latency.p999.toFixed(2)} ms from the due time`,
    ...failureLines([
      ['a', a],
      ['floor, before a', result.floor[0]],
      ['floor, after a', result.floor[1]],
    ]),
    `  floor: a bare node:http server in its own process, sending the API's answers to the same paths at the same rate ` +
      `(its tail under the stall bar below); its CPU in the api column`,
    slowLine(a),
    ...runtimeLines(result.fixedRateRuntime),
    `  CPU% per process, 100 = one core of ${result.cores}: b = this process (the load generator), api = the API, pg = Postgres, o = everything else`,
    ...noiseLines(result),
    `d. index max / sql max = ${b.reqPerSec.toFixed(0)} / ${s.reqPerSec.toFixed(1)} = ${result.ratio.toFixed(1)}x`,
    '',
    `bar: identical rankings on every checked song → ${met(bars.identical)} (${c.identical} of ${c.checked})`,
    `bar: ≥ ${a.rate} req/s sustained (≥ ${(100 * BARS.sustainedShare).toFixed(0)}% answered 2xx over the phase, no errors) with p99 ≤ ${BARS.p99Ms} ms → ` +
      `${met(bars.fixedRate)} (${a.reqPerSec.toFixed(0)} req/s, ${a.non2xx + a.errors} errors, p99 ${a.latency.p99.toFixed(2)} ms)`,
    `bar: no stall at ${a.rate} req/s: p99.9 ≤ ${BARS.tailP999Ms} ms and max ≤ ${BARS.tailMaxMs} ms → ${met(bars.tail)} ` +
      `(p99.9 ${a.latency.p999.toFixed(2)} ms, max ${a.latency.max.toFixed(1)} ms)`,
    floorLine(result),
    `bar: index max ≥ ${BARS.ratio}x sql max → ${met(bars.ratio)} (${result.ratio.toFixed(1)}x)`,
  ];
  if (result.profile) {
    lines.push(
      '',
      ...profileLines('phase a (fixed rate)', result.profile.fixedRate),
      '',
      ...profileLines('phase b (index max)', result.profile.indexMax),
    );
  }
  return lines;
}
