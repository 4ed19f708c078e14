import { loadavg } from 'node:os';
import { runBenchProgram, type Run } from '../common/run';
import { measureIndex, type IndexFigures } from './index-size';
import { parseScalingOptions, USAGE, type ScalingOptions } from './options';
import { measureRefresh, type RefreshFigures } from './refresh';
import { scalingReport } from './report';

/*
 * What grows with the catalog, measured at sizes this machine holds, for docs/scaling.md to
 * extrapolate to 10 M songs: the API's memory per song, its index build and query times, its
 * refresh from Postgres, and a discovery page's cost in the extraction queue.
 */

export interface ScalingResult {
  readonly index: readonly IndexFigures[];
  readonly refresh: RefreshFigures;
  /** The machine's 1-minute load average as the bench started: timings on a busy machine run long. */
  readonly loadAverage: number;
}

async function bench(options: ScalingOptions, run: Run): Promise<ScalingResult> {
  const loadAverage = loadavg()[0];
  const index: IndexFigures[] = [];
  for (const size of options.sizes) {
    run.progress.say(`similarity index of ${size.toLocaleString('en-US')} generated songs`);
    index.push(measureIndex(size, options.seed, options.queries, run.progress));
  }
  const refresh = await measureRefresh(options.refreshSongs, options.seed, run);
  return { index, refresh, loadAverage };
}

runBenchProgram<ScalingOptions, ScalingResult>({
  name: 'bench:scaling',
  usage: USAGE,
  parse: parseScalingOptions,
  bench,
  report: (result, options) => ({
    text: options.json ? JSON.stringify(result) : scalingReport(result),
    code: 0,
  }),
});
