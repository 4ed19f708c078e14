import {
  createCatalogDataSource,
  describeDatabase,
  migrateCatalog,
  writeGeneratedCatalog,
  type GeneratedCatalogResult,
} from '@scale/catalog';
import { loadEnvironment } from '@scale/config';
import { resolveDatabase } from '@scale/embedded-servers';
import { createLogger } from '@scale/telemetry';
import { parseCommandLine, positiveInteger } from '../options';
import { ProgressLine } from '../progress/progress-line';
import { writeLine } from '../output';
import { EXIT_OK, UsageError } from '../usage';

/** The number of MIDI files in the Lakh MIDI Dataset (LMD-full). */
export const LAKH_SONGS = 178_561;

export const CATALOG_USAGE = `Usage:
  scale catalog generate [--songs N] [--seed S] [--bucket B]
      Write N generated songs (default ${LAKH_SONGS}, the size of the Lakh MIDI Dataset) straight
      into the catalog, with Lakh-like instruments, for benchmarks and tests: no MIDI files, no S3.
      The songs are keyed synthetic/<S>/song-NNNNNN.mid under bucket B (default S3_BUCKET) and are
      deterministic (default seed 1): generating twice adds nothing the second time.
      Without DATABASE_URL the embedded Postgres under SCALE_DATA_DIR is used.
`;

export async function catalogCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'generate') {
    throw new UsageError(subcommand ? `unknown catalog command "${subcommand}"` : 'missing catalog command');
  }
  const { values, positionals } = parseCommandLine(rest, {
    songs: { type: 'string' },
    seed: { type: 'string' },
    bucket: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const count = positiveInteger('songs', values.songs, LAKH_SONGS);
  const seed = positiveInteger('seed', values.seed, 1);
  // Through the environment schema, so --bucket is checked like S3_BUCKET.
  const environment = loadEnvironment({
    ...process.env,
    ...(values.bucket !== undefined && { S3_BUCKET: values.bucket }),
  });
  const logger = createLogger('scale-catalog', environment.LOG_LEVEL);

  // Only the database: a generated catalog has no objects, so no S3 server is started.
  const database = await resolveDatabase(environment);
  if (database.embedded) logger.info('using the embedded Postgres (set DATABASE_URL to use another)');
  const dataSource = createCatalogDataSource(database.url, { poolSize: 3, applicationName: 'scale-catalog-generate' });
  try {
    await dataSource.initialize();
    await migrateCatalog(dataSource);
    logger.info(
      { database: describeDatabase(database.url), bucket: environment.S3_BUCKET, songs: count, seed },
      'generating the catalog',
    );
    // A Lakh-sized run takes minutes on a small machine: a live line on a terminal, a plain one every 10 s elsewhere.
    const line = new ProgressLine(process.stderr);
    const result = await writeGeneratedCatalog(dataSource, {
      seed,
      count,
      bucket: environment.S3_BUCKET,
      onProgress: ({ written, total }) =>
        line.update(`songs written: ${written} / ${total} (${Math.floor((written / total) * 100)}%)`),
    }).finally(() => line.end());
    await writeLine(out, formatSummary(environment.S3_BUCKET, seed, result));
    return EXIT_OK;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

export function formatSummary(bucket: string, seed: number, result: GeneratedCatalogResult): string {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const existing = result.existing > 0 ? ` (${result.existing} already there)` : '';
  return (
    `Wrote ${result.inserted} of ${result.generated} generated songs${existing} into the catalog under ` +
    `${bucket}/synthetic/${seed}/: ${result.instrumentRows} instrument rows, ` +
    `${result.distinctInstrumentSets} distinct instrument sets, ${seconds} s`
  );
}
