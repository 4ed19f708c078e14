import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { pacedLoad, PacedFigures } from './paced';

type PacedOptions = Parameters<typeof pacedLoad>[2];

export interface PacedJob {
  readonly baseUrl: string;
  readonly paths: readonly string[];
  readonly options: Omit<PacedOptions, 'onDone'>;
}

/** From the generator's thread: ended requests since the last message, the figures, or why it failed. */
export type PacedMessage = { done: number } | { figures: PacedFigures } | { error: string };

interface Running {
  readonly onDone?: () => void;
  readonly settle: (outcome: { figures: PacedFigures } | { error: Error }) => void;
}

/**
 * pacedLoad on a thread of its own. The bench's main thread holds the catalog's sample, receives the
 * API's spans and Sentry events and keeps the progress line: with the generator on it, its
 * collections (10-30 ms each) sent requests that late, and the floor's tail was the bench's own. A
 * worker has its own heap, a small one. One worker for the whole run, so that a phase's warm-up
 * leaves its code compiled for the phase.
 */
export class PacedGenerator {
  private readonly worker = new Worker(join(__dirname, 'paced-worker.js'));
  private running: Running | null = null;
  private gone: Error | null = null;

  constructor() {
    this.worker.on('message', (message: PacedMessage) => {
      if ('done' in message) {
        for (let i = 0; i < message.done; i++) this.running?.onDone?.();
      } else if ('figures' in message) {
        this.running?.settle({ figures: message.figures });
      } else {
        this.running?.settle({ error: new Error(`the load generator failed: ${message.error}`) });
      }
    });
    const end = (error: Error) => {
      this.gone ??= error;
      this.running?.settle({ error });
    };
    this.worker.on('error', end);
    this.worker.on('exit', (code) => end(new Error(`the load generator's thread exited with ${code}`)));
  }

  /** One paced run; the runs of one generator go one after the other. */
  load(baseUrl: string, paths: readonly string[], options: PacedOptions, signal: AbortSignal): Promise<PacedFigures> {
    if (this.gone) return Promise.reject(this.gone);
    if (this.running) return Promise.reject(new Error('the load generator is already running a phase'));
    const { onDone, ...rest } = options;
    return new Promise((resolve, reject) => {
      // Ctrl-C: the thread goes, and its sockets with it, so the servers' graceful exits are not kept waiting.
      const abort = () => {
        this.running = null;
        void this.worker.terminate();
        reject(signal.reason);
      };
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      this.running = {
        onDone,
        settle: (outcome) => {
          signal.removeEventListener('abort', abort);
          this.running = null;
          if ('figures' in outcome) resolve(outcome.figures);
          else reject(outcome.error);
        },
      };
      this.worker.postMessage({ baseUrl, paths, options: rest } satisfies PacedJob);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
