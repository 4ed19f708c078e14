import { parseCommandLine, positiveInteger } from '../../apps/cli/src/options';
import { UsageError } from '../../apps/cli/src/usage';

/** The number of MIDI files in the Lakh MIDI Dataset: the catalog size the API must serve. */
export const LAKH_SONGS = 178_561;

export const API_USAGE = `Usage: npm run bench:api -- [--songs N] [--seed S] [--database-url URL] [--rate R] [--sampling S] [--quick] [--profile] [--json]
  Writes a generated catalog into Postgres, starts the API as its own process and, over HTTP:
  checks that engine=index and engine=sql give identical similar songs for 300 sampled songs, then
  measures the index at a fixed request rate (beside a bare node:http server sending the same answers at
  that rate: the floor of this machine), the index at its maximum, and the naive SQL at its maximum.
  --songs N           generated songs (default ${LAKH_SONGS}, the Lakh MIDI Dataset's size)
  --seed S            generator seed (default 1)
  --database-url URL  use this Postgres instead of a fresh embedded one in a temp dir; the generated
                      songs are added to its catalog (songs already there are kept)
  --rate R            the fixed request rate of the first load phase, req/s (default 1000)
  --sampling S        share of traces the API samples, parent-based (default 0.1); the API runs with its
                      instrument entry as deployed, exporting spans and Sentry events to a local sink
  --quick             every load phase lasts a few seconds: for trying the bench, not for figures
  --profile           run the API with --cpu-prof; the profile is kept and its hottest functions printed
  --json              print one JSON line instead of the report`;

export interface ApiBenchOptions {
  readonly songs: number;
  readonly seed: number;
  readonly databaseUrl: string | undefined;
  readonly rate: number;
  readonly sampling: number;
  readonly quick: boolean;
  readonly profile: boolean;
  readonly json: boolean;
}

export function parseApiBenchOptions(args: string[]): ApiBenchOptions {
  const { values, positionals } = parseCommandLine(args, {
    songs: { type: 'string' },
    seed: { type: 'string' },
    'database-url': { type: 'string' },
    rate: { type: 'string' },
    sampling: { type: 'string' },
    quick: { type: 'boolean' },
    profile: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const databaseUrl = values['database-url'];
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError(`--database-url needs a postgres:// URL, got "${databaseUrl}"`);
  }
  return {
    songs: positiveInteger('songs', values.songs, LAKH_SONGS),
    seed: positiveInteger('seed', values.seed, 1),
    databaseUrl,
    rate: positiveInteger('rate', values.rate, 1000),
    sampling: samplingShare(values.sampling),
    quick: values.quick ?? false,
    profile: values.profile ?? false,
    json: values.json ?? false,
  };
}

/** A share of traces, 0 to 1; 0.1 when not given. */
function samplingShare(value: string | undefined): number {
  if (value === undefined) return 0.1;
  const share = Number(value);
  if (value.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new UsageError(`--sampling needs a share between 0 and 1, got "${value}"`);
  }
  return share;
}
