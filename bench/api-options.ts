import { parseArgs } from 'node:util';

/** The number of MIDI files in the Lakh MIDI Dataset: the catalog size the API must serve. */
export const LAKH_SONGS = 178_561;

export const API_USAGE = `Usage: node dist/bench/api.bench.js [--songs N] [--seed S] [--database-url URL] [--rate R] [--quick] [--profile] [--json]
  Writes a generated catalog into Postgres, starts the API as its own process and, over HTTP:
  checks that engine=index and engine=sql give identical similar songs for 300 sampled songs, then
  measures the index at a fixed request rate, the index at its maximum, and the naive SQL at its maximum.
  --songs N           generated songs (default ${LAKH_SONGS}, the Lakh MIDI Dataset's size)
  --seed S            generator seed (default 1)
  --database-url URL  use this Postgres instead of a fresh embedded one in a temp dir; the generated
                      songs are added to its catalog (songs already there are kept)
  --rate R            the fixed request rate of the first load phase, req/s (default 1000)
  --quick             every load phase lasts a few seconds: for trying the bench, not for figures
  --profile           run the API with --cpu-prof; the profile is kept and its hottest functions printed
  --json              print one JSON line instead of the report`;

export interface ApiBenchOptions {
  readonly songs: number;
  readonly seed: number;
  readonly databaseUrl: string | undefined;
  readonly rate: number;
  readonly quick: boolean;
  readonly profile: boolean;
  readonly json: boolean;
}

/** A mistake in the command line: printed with the usage text, exit code 2. */
export class ApiBenchUsageError extends Error {
  override readonly name = 'ApiBenchUsageError';
}

function whole(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  // "1e3" or "12abc" are more likely typos than intentions.
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new ApiBenchUsageError(`--${option} needs a whole number of at least 1, got "${text}"`);
  return value;
}

export function parseApiBenchOptions(args: string[]): ApiBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        songs: { type: 'string' },
        seed: { type: 'string' },
        'database-url': { type: 'string' },
        rate: { type: 'string' },
        quick: { type: 'boolean' },
        profile: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new ApiBenchUsageError((error as Error).message);
  }
  const databaseUrl = values['database-url'];
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ApiBenchUsageError(`--database-url needs a postgres:// URL, got "${databaseUrl}"`);
  }
  return {
    songs: whole('songs', values.songs, LAKH_SONGS),
    seed: whole('seed', values.seed, 1),
    databaseUrl,
    rate: whole('rate', values.rate, 1000),
    quick: values.quick ?? false,
    profile: values.profile ?? false,
    json: values.json ?? false,
  };
}
