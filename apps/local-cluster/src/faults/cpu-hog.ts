import { Worker } from 'node:worker_threads';
import { exitWithUsage, parseHogArguments } from './hog-arguments';

/**
 * A CPU hog, run as a process of its own: `node cpu-hog.js --id <id> --cores 2 --load 80 --timeout 30`.
 * Each core is a worker thread that is busy for `load` percent of every 100 ms and sleeps the rest.
 * It ends by itself when its time is up, whatever happened to the cluster or the runner that started
 * it: the main thread only waits, so its timer fires however hard the workers burn.
 */
const BURN = `
const { workerData } = require('node:worker_threads');
const { loadPercent, deadline } = workerData;
const SLICE_MS = 100;
const busyMs = (SLICE_MS * loadPercent) / 100;
const nap = new Int32Array(new SharedArrayBuffer(4));
while (Date.now() < deadline) {
  const sliceStart = Date.now();
  while (Date.now() - sliceStart < busyMs) {}
  const rest = SLICE_MS - (Date.now() - sliceStart);
  if (rest > 0) Atomics.wait(nap, 0, 0, rest);
}
`;

const USAGE = 'usage: cpu-hog --id <id> --cores <integer ≥ 1> --load <1..100> --timeout <seconds>';

function main(): void {
  const { timeoutSeconds, values } = parseHogArguments(USAGE, ['cores', 'load']);
  const cores = Number(values.cores);
  const loadPercent = Number(values.load);
  if (!Number.isInteger(cores) || cores < 1 || !(loadPercent > 0 && loadPercent <= 100)) exitWithUsage(USAGE);
  const deadline = Date.now() + timeoutSeconds * 1000;
  setTimeout(() => process.exit(0), timeoutSeconds * 1000);
  for (let core = 0; core < cores; core++) new Worker(BURN, { eval: true, workerData: { loadPercent, deadline } });
}

main();
