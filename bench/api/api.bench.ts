import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchDatabase, prepareCatalog, startBenchDatabase } from './catalog';
import { compareEngines } from './correctness';
import { closedLoop, LoadFigures } from './load';
import { API_USAGE, ApiBenchOptions, parseApiBenchOptions } from './options';
import { PacedGenerator } from './paced-thread';
import { findProfile, summarizeProfile } from './profile';
import { answersOf, startFloor } from './floor';
import { ApiBenchResult, BARS, humanReport, jsonReport, judge, Measured } from './report';
import { startInstrumentation } from './instrumented';
import { apiInstrumentEntry, startApi } from './server';
import { benchSearch, rssMiB, SEARCH_FULL, SEARCH_QUICK, type SearchBenchResult } from './search';
import { searchReport } from './search-report';
import { runBenchProgram, type Run } from '../common/run';
import { cpuSince, sampleCpu } from '../common/cpu';
import { duringLoad, elapsed } from '../common/progress';
import { readApiRuntime, runtimeSince } from './api-runtime';

/*
 * Does the similar-songs API hold 1,000 req/s on two shared cores, and what does the in-memory
 * index buy over the naive SQL? Everything goes over HTTP to the API in its own process, the load
 * generator sharing the machine with it and Postgres. A measurement, not a test: it exits 0 whether
 * the bars are met or not, and 1 only when the run itself failed.
 */

const SAMPLE_SIZE = 2_000;
const CHECKED = 300;
const LIMIT = 10;
/** Sockets the fixed-rate client may open: far more than 1,000 req/s at a few ms needs. */
const PACED_SOCKETS = 64;
/** Enough to keep both cores busy; more only adds queueing to the latencies. */
const INDEX_CONNECTIONS = 16;
/** Each naive SQL answer keeps a backend busy for ~100 ms; 4 keep Postgres on both cores. */
const SQL_CONNECTIONS = 4;

interface Durations {
  readonly warmUp: number;
  readonly fixedRate: number;
  /** Each of the floor's two rounds, one either side of phase a. */
  readonly floor: number;
  readonly indexMax: number;
  readonly sqlMax: number;
}

const FULL: Durations = { warmUp: 3, fixedRate: 20, floor: 10, indexMax: 15, sqlMax: 20 };
const QUICK: Durations = { warmUp: 1, fixedRate: 3, floor: 2, indexMax: 3, sqlMax: 3 };

interface Window {
  from: bigint;
  to: bigint;
}

async function measured<T extends LoadFigures>(
  apiPid: number,
  postgresPid: number,
  window: Window,
  run: () => Promise<T>,
): Promise<Measured<T>> {
  const before = sampleCpu(apiPid, postgresPid);
  window.from = process.hrtime.bigint();
  const figures = await run();
  window.to = process.hrtime.bigint();
  // cpu.ts was written for the extractor bench: its `s3` process is the API here.
  const { bench, s3: api, postgres, others } = cpuSince(before, sampleCpu(apiPid, postgresPid));
  return { ...figures, cpu: { bench, api, postgres, others } };
}

async function bench(
  options: ApiBenchOptions,
  { cleanUp, signal, progress }: Run,
): Promise<ApiBenchResult & { search: SearchBenchResult }> {
  const loadAverage = loadavg()[0];
  const durations = options.quick ? QUICK : FULL;
  let database: BenchDatabase;
  if (options.databaseUrl) {
    database = { url: options.databaseUrl, postgresPid: NaN, stop: async () => {} };
  } else {
    progress.say('starting an embedded Postgres in a temp dir');
    database = await startBenchDatabase((stop) => cleanUp.add(stop));
  }
  progress.say(`writing ${options.songs} generated songs (seed ${options.seed}), vacuum analyze`);
  const catalog = await prepareCatalog(database.url, options.songs, options.seed, SAMPLE_SIZE, progress);

  // Kept after the run (not in the temp dir), for a closer look in a profiler.
  const profileDir = options.profile ? await mkdtemp(join(tmpdir(), 'scale-api-profile-')) : undefined;
  const instrumentation = await startInstrumentation(options.sampling);
  cleanUp.add(() => instrumentation.sink.close());
  progress.say(`starting the API (${instrumentation.description}) and waiting for its index`);
  const startedApi = performance.now();
  const api = await progress.during(
    () => `waiting for /readyz · ${elapsed(startedApi)}`,
    startApi(database.url, {
      profileDir,
      nodeArgs: ['--import', apiInstrumentEntry()],
      env: instrumentation.env,
      onStarted: (stop) => cleanUp.add(stop),
    }),
  );
  const apiReadyRssMiB = rssMiB(api.pid);

  const indexPaths = catalog.sample.map((id) => `/api/songs/${id}/similar?limit=${LIMIT}&minShared=1`);
  const sqlPaths = indexPaths.map((path) => `${path}&engine=sql`);
  const checked = catalog.sample.slice(0, CHECKED);
  progress.say(`correctness: ${checked.length} songs, index vs sql`);
  let compared = 0;
  let differ = 0;
  const startedCorrectness = performance.now();
  const correctness = await progress.during(
    () => `${compared} / ${checked.length} songs compared · ${differ} differ · ${elapsed(startedCorrectness)}`,
    compareEngines(api.baseUrl, checked, LIMIT, signal, (songs, mismatches) => {
      compared = songs;
      differ = mismatches;
    }),
  );

  const windows = { fixedRate: { from: 0n, to: 0n }, indexMax: { from: 0n, to: 0n }, sqlMax: { from: 0n, to: 0n } };
  const paced = { rate: options.rate, maxSockets: PACED_SOCKETS, slowMs: BARS.p99Ms };
  const generator = new PacedGenerator();
  cleanUp.add(() => generator.close());
  const pacedPhase = (label: string, baseUrl: string, seconds: number) =>
    duringLoad(progress, label, seconds, (onDone) =>
      generator.load(baseUrl, indexPaths, { ...paced, seconds, onDone }, signal),
    );

  progress.say(`floor: the API's ${indexPaths.length} answers served by a bare node:http server`);
  const floorServer = await startFloor(await answersOf(api.baseUrl, indexPaths, signal), (stop) => cleanUp.add(stop));
  const floorRound = (name: string) =>
    measured(floorServer.pid, database.postgresPid, { from: 0n, to: 0n }, () =>
      pacedPhase(name, floorServer.baseUrl, durations.floor),
    );
  await pacedPhase('floor warm-up', floorServer.baseUrl, durations.warmUp);
  const floorBefore = await floorRound('floor, before a');

  progress.say(`a. index at ${options.rate} req/s: ${durations.warmUp} s warm-up, ${durations.fixedRate} s measured`);
  await pacedPhase('a. warm-up', api.baseUrl, durations.warmUp);
  const runtimeBefore = await readApiRuntime(api.baseUrl, api.pid, signal);
  const fixedRate = await measured(api.pid, database.postgresPid, windows.fixedRate, () =>
    pacedPhase('a. measured', api.baseUrl, durations.fixedRate),
  );
  const fixedRateRuntime = runtimeSince(runtimeBefore, await readApiRuntime(api.baseUrl, api.pid, signal));
  const floorAfter = await floorRound('floor, after a');
  await floorServer.stop();
  progress.say(`b. index, closed loop, ${INDEX_CONNECTIONS} connections, ${durations.indexMax} s`);
  const indexMax = await measured(api.pid, database.postgresPid, windows.indexMax, () =>
    duringLoad(progress, 'b.', durations.indexMax, (onDone) =>
      closedLoop(api.baseUrl, indexPaths, INDEX_CONNECTIONS, durations.indexMax, signal, onDone),
    ),
  );
  progress.say(`c. sql, closed loop, ${SQL_CONNECTIONS} connections, ${durations.sqlMax} s`);
  const sqlMax = await measured(api.pid, database.postgresPid, windows.sqlMax, () =>
    duringLoad(progress, 'c.', durations.sqlMax, (onDone) =>
      closedLoop(api.baseUrl, sqlPaths, SQL_CONNECTIONS, durations.sqlMax, signal, onDone),
    ),
  );

  const search = await benchSearch({
    api,
    apiReadyRssMiB,
    startSqlApi: () =>
      startApi(database.url, {
        nodeArgs: ['--import', apiInstrumentEntry()],
        env: { ...instrumentation.env, TITLE_SEARCH: 'sql' },
        outputPrefix: 'api-sql',
        onStarted: (stop) => cleanUp.add(stop),
      }),
    databaseUrl: database.url,
    sampleIds: catalog.sample,
    rate: options.rate,
    slowMs: BARS.p99Ms,
    generator,
    durations: options.quick ? SEARCH_QUICK : SEARCH_FULL,
    progress,
    signal,
  });

  // The profile is written when the API exits.
  await api.stop();
  let profile: ApiBenchResult['profile'];
  const profileFile = profileDir && (await findProfile(profileDir));
  if (profileFile) {
    profile = {
      fixedRate: await summarizeProfile(profileFile, [windows.fixedRate]),
      indexMax: await summarizeProfile(profileFile, [windows.indexMax]),
    };
  } else if (profileDir) {
    progress.say(`no CPU profile was written into ${profileDir}`);
  }

  const ratio = indexMax.reqPerSec / sqlMax.reqPerSec;
  const { spans, traceExports } = instrumentation.sink.counts();
  return {
    songs: catalog.songs,
    inserted: catalog.inserted,
    distinctInstrumentSets: catalog.distinctInstrumentSets,
    writeSeconds: catalog.writeSeconds,
    sampleSize: catalog.sample.length,
    apiReadySeconds: api.readySeconds,
    cores: availableParallelism(),
    loadAverage,
    quick: options.quick,
    instrumentation: { description: instrumentation.description, sampling: options.sampling, spans, traceExports },
    correctness,
    fixedRate,
    fixedRateRuntime,
    floor: [floorBefore, floorAfter],
    indexMax,
    sqlMax,
    ratio,
    bars: judge(correctness, fixedRate, ratio, [floorBefore, floorAfter]),
    profile,
    search,
  };
}

runBenchProgram({
  name: 'api bench',
  usage: API_USAGE,
  parse: parseApiBenchOptions,
  bench,
  report: (result, options) => ({
    text: options.json
      ? jsonReport(result)
      : [...humanReport(result), ...searchReport(result.search, BARS.p99Ms)].join('\n'),
    code: 0,
  }),
});
