import { parentPort } from 'node:worker_threads';
import { pacedLoad } from './paced';
import type { PacedJob, PacedMessage } from './paced-thread';

/** How often the count of ended requests goes to the main thread's progress line. */
const PROGRESS_MS = 250;

const port = parentPort!;

// One job at a time, as the main thread sends them: a warm-up and the phase after it share this
// thread's compiled code.
port.on('message', (job: PacedJob) => {
  let done = 0;
  let reported = 0;
  const report = () => {
    if (done === reported) return;
    port.postMessage({ done: done - reported } satisfies PacedMessage);
    reported = done;
  };
  const timer = setInterval(report, PROGRESS_MS);
  pacedLoad(job.baseUrl, job.paths, { ...job.options, onDone: () => done++ }, new AbortController().signal).then(
    (figures) => {
      clearInterval(timer);
      report();
      port.postMessage({ figures } satisfies PacedMessage);
    },
    (error: unknown) => {
      clearInterval(timer);
      port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies PacedMessage);
    },
  );
});
