import { parseCommandLine, positiveInteger } from '../../apps/cli/src/options';
import { UsageError } from '../../apps/cli/src/usage';

export const USAGE = `Usage: npm run bench:extractor -- [--files N] [--workers N] [--rounds R] [--dir DIR] [--json]
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

export function parseBenchOptions(args: string[]): BenchOptions {
  const { values, positionals } = parseCommandLine(args, {
    files: { type: 'string' },
    workers: { type: 'string' },
    rounds: { type: 'string' },
    dir: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return {
    files: positiveInteger('files', values.files, 3000),
    workers: positiveInteger('workers', values.workers, 8),
    rounds: positiveInteger('rounds', values.rounds, 3),
    dir: values.dir,
    json: values.json ?? false,
  };
}
