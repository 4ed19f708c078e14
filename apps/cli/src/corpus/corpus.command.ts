import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { loadEnvironment } from '@scale/config';
import { generateCorpus } from '@scale/midi-generator';
import { createLogger } from '@scale/telemetry';
import { ObjectStore } from '@scale/storage';
import { prepareInfrastructure } from '../../../extractor/src/extraction-run';
import { collectMidiPaths } from '../midi/midi-paths';
import { parseCommandLine, positiveInteger } from '../options';
import { ProgressLine } from '../progress/progress-line';
import { UsageError } from '../usage';

export const CORPUS_USAGE = `Usage:
  scale corpus seed [--count N] [--seed S] [--prefix P]
      Put N generated MIDI songs (default 1000, seed 1) into the bucket under P (default demo/).
      The songs are deterministic: the same seed gives the same bytes, so seeding twice changes nothing.
  scale corpus seed --import DIR [--prefix P]
      Put every *.mid and *.midi file under DIR into the bucket under P (default import/),
      keeping their paths relative to DIR (the Lakh MIDI Dataset, for example).
`;

const UPLOADS_IN_FLIGHT = 16;

export async function corpusCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'seed') {
    throw new UsageError(subcommand ? `unknown corpus command "${subcommand}"` : 'missing corpus command');
  }
  const { values, positionals } = parseCommandLine(rest, {
    count: { type: 'string' },
    seed: { type: 'string' },
    prefix: { type: 'string' },
    import: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const environment = loadEnvironment();
  const logger = createLogger('scale-corpus', environment.LOG_LEVEL);
  const infrastructure = await prepareInfrastructure(environment, logger);
  const store = new ObjectStore({ ...infrastructure.s3, maxSockets: UPLOADS_IN_FLIGHT });
  const bucket = environment.S3_BUCKET;
  try {
    // How many there will be, when that is known before the walk (an imported folder is listed as it goes).
    const count = values.import ? undefined : positiveInteger('count', values.count, 1000);
    const uploads =
      count === undefined
        ? importedFiles(values.import!, values.prefix ?? 'import/')
        : generatedFiles(count, positiveInteger('seed', values.seed, 1), values.prefix);
    const line = new ProgressLine(process.stderr);
    const put = await putObjects(store, bucket, uploads, (objects, bytes) =>
      line.update(`put ${objects}${count === undefined ? '' : ` / ${count}`} objects (${(bytes / 1e6).toFixed(1)} MB)`),
    ).finally(() => line.end());
    out.write(`Put ${put.objects} MIDI objects (${(put.bytes / 1e6).toFixed(1)} MB) into s3://${bucket}/\n`);
    return 0;
  } finally {
    store.destroy();
    await infrastructure.stop();
  }
}

/** Puts the uploads into the bucket, a few at a time; a second run puts the same bytes again. */
export async function putObjects(
  store: ObjectStore,
  bucket: string,
  uploads: Iterable<Upload> | AsyncIterable<Upload>,
  onProgress?: (objects: number, bytes: number) => void,
) {
  let objects = 0;
  let bytes = 0;
  await forEachInFlight(uploads, UPLOADS_IN_FLIGHT, async ({ key, load }) => {
    const body = await load();
    await store.put(bucket, key, body);
    objects++;
    bytes += body.length;
    onProgress?.(objects, bytes);
  });
  return { objects, bytes };
}

export interface Upload {
  readonly key: string;
  readonly load: () => Promise<Uint8Array>;
}

export function* generatedFiles(count: number, seed: number, prefix?: string): Generator<Upload> {
  for (const song of generateCorpus(seed, count)) {
    const key = prefix === undefined ? song.key : `${prefix}${song.key.replace(/^demo\//, '')}`;
    yield { key, load: async () => song.bytes };
  }
}

async function* importedFiles(dir: string, prefix: string): AsyncGenerator<Upload> {
  for (const path of await collectMidiPaths([dir])) {
    yield { key: `${prefix}${relative(dir, path).split('\\').join('/')}`, load: () => readFile(path) };
  }
}

/** Runs `work` over the items with at most `limit` at a time, stopping at the first failure. */
async function forEachInFlight<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const item of items) {
    const task: Promise<void> = work(item).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
}
