import { parseCommandLine, positiveInteger } from '../../apps/cli/src/options';
import { UsageError } from '../../apps/cli/src/usage';

export const USAGE = `Usage: npm run bench:scaling -- [--sizes N,N...] [--refresh-songs N] [--queries N] [--seed S] [--json]
  Builds the API's similarity index from generated catalogs of each size in this process and
  measures the heap it holds per song (the index, then the result cards the API keeps beside it),
  the time to build it and the time of a similar-songs query; then writes a catalog of
  --refresh-songs into a fresh embedded Postgres and times the API's index refresh from it (first
  load, incremental), a discovery pass's enqueue and the catalog's size on disk.
  --sizes N,N...     catalog sizes for the in-memory index (default 10000,100000,1000000)
  --refresh-songs N  catalog size in Postgres for the refresh and discovery figures (default 100000)
  --queries N        similar-songs queries timed per size (default 2000)
  --seed S           generator seed (default 1)
  --json             print one JSON line instead of the report`;

export interface ScalingOptions {
  readonly sizes: readonly number[];
  readonly refreshSongs: number;
  readonly queries: number;
  readonly seed: number;
  readonly json: boolean;
}

export function parseScalingOptions(args: string[]): ScalingOptions {
  const { values, positionals } = parseCommandLine(args, {
    sizes: { type: 'string' },
    'refresh-songs': { type: 'string' },
    queries: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const sizes = (values.sizes ?? '10000,100000,1000000').split(',').map((size) => positiveInteger('sizes', size, 0));
  return {
    sizes,
    refreshSongs: positiveInteger('refresh-songs', values['refresh-songs'], 100_000),
    queries: positiveInteger('queries', values.queries, 2_000),
    seed: positiveInteger('seed', values.seed, 1),
    json: values.json ?? false,
  };
}
