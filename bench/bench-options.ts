import { parseArgs } from 'node:util';

export const USAGE = `Usage: node dist/bench/extractor.bench.js [--files N] [--workers N] [--rounds R] [--dir DIR] [--json]
  Seeds a fresh local S3 server, then per round times (a) raw GETs of every object with N
  concurrent readers and (b) one extractor run (list, enqueue, read, scan, write) into a fresh
  catalog database with EXTRACTOR_CONCURRENCY=N, and prints their files/s side by side.
  --files N    generated songs to seed (default 3000); ignored with --dir
  --workers N  extractor workers and concurrent raw readers (default 8)
  --rounds R   rounds; their order alternates to cancel drift (default 3)
  --dir DIR    seed the *.mid / *.midi files under DIR instead of generated songs
  --json       print one JSON line instead of the table
  Other extractor settings (EXTRACTOR_BATCH_SIZE, MIDI_MAX_BYTES...) are read from the environment.`;

export interface BenchOptions {
  readonly files: number;
  readonly workers: number;
  readonly rounds: number;
  readonly dir: string | undefined;
  readonly json: boolean;
}

/** A mistake in the command line: printed with the usage text, exit code 2. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

function whole(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  // "1e3" or "12abc" are more likely typos than intentions.
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new BenchUsageError(`--${option} needs a whole number of at least 1, got "${text}"`);
  return value;
}

export function parseBenchOptions(args: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        files: { type: 'string' },
        workers: { type: 'string' },
        rounds: { type: 'string' },
        dir: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  return {
    files: whole('files', values.files, 3000),
    workers: whole('workers', values.workers, 8),
    rounds: whole('rounds', values.rounds, 3),
    dir: values.dir,
    json: values.json ?? false,
  };
}
