import { UsageError } from '../../apps/cli/src/usage';
import { availableParallelism, loadavg } from 'node:os';
import { loadEnvironment, type Environment } from '@scale/config';
import type { Infrastructure } from '@scale/embedded-servers';
import { createLogger, type Logger } from '@scale/telemetry';
import { ObjectStore } from '@scale/storage';
import { extractOnce } from '../../apps/extractor/src/extraction-run';
import { BenchCorpus, loadCorpus, seedBucket } from './corpus';
import { BenchOptions, parseBenchOptions, USAGE } from './options';
import { BenchResult, humanReport, jsonReport, phase, PhaseResult, RoundResult } from './report';
import { BenchServers, startBenchServers } from './servers';
import { cpuSince, postmasterPid, sampleCpu } from '../common/cpu';
import { BenchProgress, count, duringCount } from '../common/progress';
import { listKeys, rawGetPass } from './raw-get';
import { scanRate } from './scan-rate';

/*
 * Is the extractor the bottleneck? Against the local S3 server, its end-to-end files/s (list,
 * enqueue, read, scan, write) next to the rate at which the same store serves plain GETs to the
 * same number of concurrent readers, both measured in the same run. A measurement, not a test:
 * it exits 0 whether the bar is met or not, and 1 only when the run itself failed.
 */

const BUCKET = 'scale-bench';

interface Context {
  readonly options: BenchOptions;
  readonly corpus: BenchCorpus;
  readonly servers: BenchServers;
  readonly keys: readonly string[];
  readonly logger: Logger;
  readonly postgresPid: number;
  /** MIDI_MAX_BYTES, which the raw readers pass to ObjectStore.read as the extractor does. */
  readonly maxBytes: number;
  readonly progress: BenchProgress;
}

/** The extractor's settings; the environment may tune the rest (EXTRACTOR_BATCH_SIZE...). */
function environmentFor(servers: BenchServers, workers: number, databaseUrl = ''): Environment {
  const { s3 } = servers;
  return loadEnvironment({
    ...process.env,
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_BUCKET: BUCKET,
    S3_PREFIX: '',
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: s3.credentials?.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials?.secretAccessKey,
    EXTRACTOR_CONCURRENCY: String(workers),
    LOG_LEVEL: 'warn',
  });
}

/**
 * Postgres backends that the extractor's pool has just closed are still exiting when extractOnce
 * returns, and their CPU time is in no count until the postmaster reaps them: without a pause it
 * showed as other processes' time, or in the next phase. The rates are timed inside `run`, so the
 * pause only delays the CPU sample.
 */
const SETTLE_MS = 300;

async function measured<T>(context: Context, run: () => Promise<T>) {
  const before = sampleCpu(context.servers.s3Pid, context.postgresPid);
  const value = await run();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return { value, cpu: cpuSince(before, sampleCpu(context.servers.s3Pid, context.postgresPid)) };
}

const roundOf = ({ options }: Context, round: number) => `round ${round} of ${options.rounds}`;

async function rawPhase(context: Context, round: number): Promise<PhaseResult> {
  context.progress.say(`${roundOf(context, round)}: raw GETs, ${context.options.workers} readers`);
  const { value, cpu } = await measured(context, () => rawGets(context));
  return phase(value.seconds, value.files, value.bytes, cpu);
}

/** Every key read once by as many readers as the extractor has workers, counted on the live line. */
function rawGets({ servers, keys, options, maxBytes, progress }: Context) {
  let read = 0;
  return duringCount(
    progress,
    keys.length,
    'files',
    () => read,
    rawGetPass(servers.s3, BUCKET, keys, options.workers, maxBytes, () => read++),
  );
}

async function extractorPhase(context: Context, round: number): Promise<PhaseResult> {
  context.progress.say(`${roundOf(context, round)}: extractor, ${context.options.workers} workers`);
  const databaseUrl = await context.servers.createCatalog(`bench_${round}`);
  const infrastructure: Infrastructure = {
    databaseUrl,
    s3: context.servers.s3,
    embedded: { postgres: false, s3: false },
    stop: async () => {},
  };
  const environment = environmentFor(context.servers, context.options.workers, databaseUrl);
  const files = context.corpus.files.length;
  let stats: { readonly processed: number } | undefined;
  const { value: report, cpu } = await measured(context, () =>
    duringCount(
      context.progress,
      files,
      'files',
      () => stats?.processed ?? 0,
      extractOnce(environment, infrastructure, context.logger, (live) => (stats = live)),
    ),
  );
  const { run } = report;
  // A fast run that skipped work would look like a win: every object must have been done.
  if (
    run.processed !== files ||
    (context.corpus.generated && run.songs !== files) ||
    report.catalog.pendingJobs !== 0
  ) {
    throw new Error(
      `round ${round}: extractor processed ${run.processed} of ${files} objects (${run.songs} songs, ${run.invalid} invalid, ` +
        `${run.retried} retried, ${report.catalog.pendingJobs} still queued)`,
    );
  }
  return phase(report.seconds, run.processed, run.bytes, cpu);
}

async function runRounds(context: Context): Promise<RoundResult[]> {
  const rounds: RoundResult[] = [];
  for (let round = 1; round <= context.options.rounds; round++) {
    // Alternating which side goes first cancels drift (a warming cache, a neighbour's load).
    const rawFirst = round % 2 === 1;
    let raw: PhaseResult;
    let extractor: PhaseResult;
    if (rawFirst) {
      raw = await rawPhase(context, round);
      extractor = await extractorPhase(context, round);
    } else {
      extractor = await extractorPhase(context, round);
      raw = await rawPhase(context, round);
    }
    rounds.push({
      round,
      order: rawFirst ? 'raw first' : 'extractor first',
      raw,
      extractor,
      ratio: extractor.filesPerSec / raw.filesPerSec,
    });
    context.progress.say(`round ${round} done`);
  }
  return rounds;
}

async function bench(options: BenchOptions): Promise<BenchResult> {
  const loadAverage = loadavg()[0];
  const progress = new BenchProgress(options.json ? undefined : process.stderr);
  progress.say(
    options.dir === undefined ? `generating ${options.files} songs` : `reading the files under ${options.dir}`,
  );
  let loaded = 0;
  // Generating is synchronous: no timer fires, so the loop itself draws the line.
  const loading = progress.phase(
    () => `${count(loaded)}${options.dir === undefined ? ` / ${count(options.files)}` : ''} files`,
  );
  const corpus = await loadCorpus(options.files, options.dir, (files) => {
    loaded = files;
    loading.show();
  }).finally(() => loading.end());
  const logger = createLogger('scale-bench', 'warn');
  progress.say('starting a local S3 server and Postgres');
  const servers = await startBenchServers(BUCKET);
  const interrupted = () => void servers.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    const seeder = new ObjectStore(servers.s3);
    progress.say(`seeding the bucket with ${corpus.files.length} objects`);
    let put = 0;
    await duringCount(
      progress,
      corpus.files.length,
      'objects',
      () => put,
      seedBucket(seeder, BUCKET, corpus, (objects) => (put = objects)),
    ).finally(() => seeder.destroy());
    const listStarted = process.hrtime.bigint();
    const keys = await listKeys(servers.s3, BUCKET);
    const listSeconds = Number(process.hrtime.bigint() - listStarted) / 1e9;
    if (keys.length !== corpus.files.length) {
      throw new Error(`listed ${keys.length} objects, seeded ${corpus.files.length}`);
    }
    const settings = environmentFor(servers, options.workers);
    const postgresPid = postmasterPid(servers.dataDir);
    const maxBytes = settings.MIDI_MAX_BYTES;
    const context: Context = { options, corpus, servers, keys, logger, postgresPid, maxBytes, progress };
    // One untimed pass: the S3 server's JIT and caches warm up first (with a 500-key warm-up,
    // raw rates still climbed by half from round 1 to round 3).
    progress.say('warm-up: raw GETs of every object, untimed');
    await rawGets(context);

    const rounds = await runRounds(context);
    return {
      files: corpus.files.length,
      bytes: corpus.bytes,
      workers: options.workers,
      batchSize: settings.EXTRACTOR_BATCH_SIZE,
      source: corpus.generated ? 'generated' : 'real',
      listSeconds,
      cores: availableParallelism(),
      loadAverage,
      scanner: scanRate(
        corpus.files.map((file) => file.bytes),
        corpus.bytes,
      ),
      rounds,
    };
  } finally {
    process.off('SIGINT', interrupted);
    await servers.stop();
  }
}

async function main(args: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const result = await bench(options);
  process.stdout.write(`${options.json ? jsonReport(result) : humanReport(result).join('\n')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `extractor bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
