import { mkdir, mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareCatalog, startBenchDatabase } from '../api/catalog';
import { closedLoop, LoadFigures } from '../api/load';
import type { ProfileSpan } from '../api/profile';
import { ApiProcess, apiInstrumentEntry, startApi } from '../api/server';
import { runBenchProgram, type Run } from '../common/run';
import { cpuSince, sampleCpu } from '../common/cpu';
import { mainThreadTimes, threadTimesSince } from '../common/thread-times';
import { duringLoad, elapsed } from '../common/progress';
import { anchorInstrumentEntry, Configuration, CONFIGURATIONS, configurationEnv } from './configurations';
import { OVERHEAD_USAGE, OverheadOptions, parseOverheadOptions } from './options';
import {
  ConfigurationKey,
  humanReport,
  jsonReport,
  OverheadPhase,
  OverheadResult,
  RoundResult,
  silentExporters,
} from './report';
import { measureEncodings } from './encoding';
import { readProfile } from './profiles';
import { startTelemetrySink, TelemetrySink } from './sink';

/*
 * What does the API's instrumentation cost in throughput, part by part? The same build serves the
 * same catalog eight times over (configurations.ts): off (no instrumentation entry, no per-request
 * metrics); the RED histogram alone; Sentry alone; Scale's instrumentation with the sampler off, at
 * 10% and at 100%, and at 100% with the spans made but not sent; and the upstream configuration
 * Scale replaced, kept as the anchor. Spans go over
 * OTLP http/protobuf, and Sentry envelopes, to a local sink. A measurement, not a test: it exits 0
 * whether the bars are met or not, and 1 only when the run itself failed.
 *
 * One API process per configuration runs for --restart-every rounds rather than one per round: a
 * restart would add an index load and a cold JIT to every round, and its CPU burst would land on
 * whichever configuration is loaded next. The idle APIs cost next to nothing while another one is
 * loaded, and the order rotates per round, so each configuration meets the machine's drift in every
 * position over as many rounds as there are configurations. They are restarted, all at once and
 * warmed up again, every --restart-every rounds because a process carries an offset of its own that
 * no number of rounds averages out: in a 40-round run on one process each, "Sentry only" measured
 * 6.3% faster than off (95% interval 3.3–8.0%), its main thread 14.5 µs a request quicker, with no
 * code of its own that could speed the endpoint up. Fresh processes turn that offset into noise
 * the intervals show.
 */

/** As the API bench: ids spread over the whole catalog, so requests do not hit a warm few. */
const SAMPLE_SIZE = 2_000;
const LIMIT = 10;
/** Enough to keep both cores busy; more only adds queueing to the latencies. */
const CONNECTIONS = 16;
/**
 * Between two loads: an exporter sends what it still holds up to 5 s after its last span (the
 * batch processor's delay), but a full batch at once; the pause keeps most of that out of the next
 * configuration's figures.
 */
const SETTLE_SECONDS = 2;

interface RunningConfiguration {
  readonly configuration: Configuration;
  /** A new process every --restart-every rounds. */
  api: ApiProcess;
  readonly sink: TelemetrySink | undefined;
  /** Answered requests so far, warm-up included. */
  requests: number;
  /** With --profile: where its --cpu-prof goes, and the rounds' load phases to read from it. */
  readonly profile?: { readonly dir: string; readonly spans: ProfileSpan[]; requests: number };
}

async function measured(apiPid: number, postgresPid: number, run: () => Promise<LoadFigures>): Promise<OverheadPhase> {
  const before = sampleCpu(apiPid, postgresPid);
  const mainBefore = mainThreadTimes(apiPid);
  const figures = await run();
  const mainThread = threadTimesSince(mainBefore, mainThreadTimes(apiPid));
  // cpu.ts was written for the extractor bench: its `s3` process is the API here.
  const { bench, s3: api, postgres, others } = cpuSince(before, sampleCpu(apiPid, postgresPid));
  return { ...figures, cpu: { bench, api, postgres, others }, mainThread };
}

function entryArgs(configuration: Configuration): string[] {
  if (configuration.entry === 'none') return [];
  return ['--import', configuration.entry === 'anchor' ? anchorInstrumentEntry() : apiInstrumentEntry()];
}

/** Round r starts r − 1 places further along, so every configuration takes every place in turn. */
function rotated<T>(items: readonly T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length]);
}

async function bench(options: OverheadOptions, { cleanUp, signal, progress }: Run): Promise<OverheadResult> {
  const loadAverage = loadavg()[0];
  progress.say('starting an embedded Postgres in a temp dir');
  const database = await startBenchDatabase((stop) => cleanUp.add(stop));
  progress.say(`writing ${options.songs} generated songs (seed ${options.seed}), vacuum analyze`);
  const catalog = await prepareCatalog(database.url, options.songs, options.seed, SAMPLE_SIZE, progress);
  const paths = catalog.sample.map((id) => `/api/songs/${id}/similar?limit=${LIMIT}&minShared=1`);

  // Kept after the run (not removed with the temp dirs), for a closer look in a profiler.
  const profileRoot = options.profile ? await mkdtemp(join(tmpdir(), 'scale-overhead-profile-')) : undefined;
  const running: RunningConfiguration[] = [];
  const startConfiguration = async (
    configuration: Configuration,
    sink: TelemetrySink | undefined,
    profileDir?: string,
  ) => {
    progress.say(`starting the API, ${configuration.label}, and waiting for its index`);
    const startedApi = performance.now();
    return progress.during(
      () => `waiting for /readyz · ${elapsed(startedApi)}`,
      startApi(database.url, {
        profileDir,
        nodeArgs: entryArgs(configuration),
        env: configurationEnv(configuration, sink),
        outputPrefix: `api ${configuration.label}`,
        onStarted: (stop) => cleanUp.add(stop),
      }),
    );
  };
  for (const configuration of CONFIGURATIONS) {
    const profileDir = profileRoot && join(profileRoot, configuration.key);
    if (profileDir) await mkdir(profileDir);
    const sink = configuration.entry === 'none' ? undefined : await startTelemetrySink();
    if (sink) cleanUp.add(() => sink.close());
    running.push({
      configuration,
      api: await startConfiguration(configuration, sink, profileDir),
      sink,
      requests: 0,
      profile: profileDir ? { dir: profileDir, spans: [], requests: 0 } : undefined,
    });
  }

  const load = async (target: RunningConfiguration, seconds: number, label: string) => {
    const figures = await measured(target.api.pid, database.postgresPid, () =>
      duringLoad(progress, label, seconds, (onDone) =>
        closedLoop(target.api.baseUrl, paths, CONNECTIONS, seconds, signal, onDone),
      ),
    );
    target.requests += figures.ok + figures.non2xx;
    if (figures.ok === 0) {
      throw new Error(`the API (${target.configuration.label}) answered no request with 2xx in ${seconds} s`);
    }
    return figures;
  };
  const warmUp = async () => {
    for (const target of running) {
      const label = `warm-up, ${target.configuration.label}:`;
      progress.say(`${label} ${options.warmUpSeconds} s`);
      await load(target, options.warmUpSeconds, label);
    }
  };
  await warmUp();
  const rounds: RoundResult[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const order = rotated(running, round - 1);
    const phases: Partial<Record<ConfigurationKey, OverheadPhase>> = {};
    for (const target of order) {
      await sleep(SETTLE_SECONDS * 1000, undefined, { signal });
      const label = `round ${round} of ${options.rounds}, ${target.configuration.label}:`;
      progress.say(`${label} ${options.seconds} s`);
      const from = process.hrtime.bigint();
      const phase = await load(target, options.seconds, label);
      phases[target.configuration.key] = phase;
      if (target.profile) {
        target.profile.spans.push({ from, to: process.hrtime.bigint() });
        target.profile.requests += phase.ok;
      }
    }
    rounds.push({
      round,
      order: order.map((target) => target.configuration.key),
      phases: phases as RoundResult['phases'],
    });
    if (options.restartEvery > 0 && round % options.restartEvery === 0 && round < options.rounds) {
      // Their graceful exit sends what the exporters still hold to the sinks, which stay.
      progress.say(`after round ${round}: restarting the APIs, each a new process`);
      await Promise.all(running.map((target) => target.api.stop()));
      for (const target of running) target.api = await startConfiguration(target.configuration, target.sink);
      await warmUp();
    }
  }

  // Their graceful exit sends what the exporters still hold, so the sinks' counts are complete.
  progress.say('stopping the APIs');
  await Promise.all(running.map((target) => target.api.stop()));
  // Each API wrote its profile as it exited.
  if (profileRoot) progress.say(`reading the CPU profiles in ${profileRoot}`);
  const profiles = await Promise.all(
    running.map(({ configuration, profile }) => profile && readProfile({ key: configuration.key, ...profile })),
  );
  progress.say('timing the OTLP encodings on a batch of similar-songs spans');
  const encoding = measureEncodings();
  return {
    songs: catalog.songs,
    inserted: catalog.inserted,
    writeSeconds: catalog.writeSeconds,
    sampleSize: catalog.sample.length,
    connections: CONNECTIONS,
    seconds: options.seconds,
    warmUpSeconds: options.warmUpSeconds,
    restartEvery: options.restartEvery,
    cores: availableParallelism(),
    loadAverage,
    quick: options.quick,
    configurations: running.map(({ configuration, api, sink, requests }) => ({
      key: configuration.key,
      label: configuration.label,
      readySeconds: api.readySeconds,
      requests,
      sink: sink?.counts(),
    })),
    rounds,
    encoding,
    ...(profileRoot ? { profiles: { dir: profileRoot, of: profiles.filter((profile) => profile !== undefined) } } : {}),
  };
}

runBenchProgram({
  name: 'overhead bench',
  usage: OVERHEAD_USAGE,
  parse: parseOverheadOptions,
  bench,
  report: (result, options) => ({
    text: options.json ? jsonReport(result) : humanReport(result).join('\n'),
    // An instrumented API that exported nothing measured nothing: the run failed, figures or not.
    code: silentExporters(result).length > 0 ? 1 : 0,
  }),
});
