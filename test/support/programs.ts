import { resolve } from 'node:path';
import { runCli, type RunningProcess } from './extractor';

const DIST = resolve(__dirname, '..', '..', 'dist', 'apps');

/**
 * One of our programs as its own process, the way it is deployed: its instrumentation entry
 * loaded with `--import` before the program.
 */
export function runProgram(app: 'api' | 'extractor', environment: Record<string, string>): RunningProcess {
  return runCli([], environment, resolve(DIST, app, 'src', 'main.js'), [
    '--import',
    resolve(DIST, app, 'src', 'instrument.js'),
  ]);
}
