import { createRequire } from 'node:module';

/** Latency figures of a load phase, in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** 99.9th percentile; NaN where the load tool does not give it (autocannon's closed loop). */
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/** What a load phase measured; the CPU is added by the caller, who samples around it. */
export interface LoadFigures {
  /** Connections of the closed loop; the most sockets the paced loop may open. */
  readonly connections: number;
  readonly seconds: number;
  /** 2xx responses. */
  readonly ok: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** 2xx responses per second over the phase. */
  readonly reqPerSec: number;
  readonly latency: Latency;
}

/* The few parts of autocannon 9's API used here; the package ships no types. */
interface RequestParams {
  path: string;
}

interface AutocannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly timeout: number;
  readonly requests: ReadonlyArray<{ readonly setupRequest: (request: RequestParams) => RequestParams }>;
}

interface Histogram {
  readonly mean: number;
  readonly max: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

interface AutocannonResult {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
  readonly latency: Histogram;
}

interface AutocannonInstance {
  stop(): void;
  on(event: 'response' | 'reqError', listener: () => void): void;
}

type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

// createRequire, not import: without type declarations an import would be `any` under strict TS.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

/**
 * Closed loop: each connection sends its next request as soon as the previous answer is in, so the
 * rate is the most the API (sharing the cores with this generator) can serve at that concurrency.
 * All connections take the next path from one counter, so together they cycle through the sample.
 * autocannon keeps latencies in whole milliseconds: fine here, where queueing dominates them.
 */
export async function closedLoop(
  baseUrl: string,
  paths: readonly string[],
  connections: number,
  seconds: number,
  signal: AbortSignal,
  /** Called as each request ends, answered or failed: for a live count. */
  onDone?: () => void,
): Promise<LoadFigures> {
  signal.throwIfAborted();
  let next = 0;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => {
              request.path = paths[next++ % paths.length];
              return request;
            },
          },
        ],
      },
      (error, finished) => {
        signal.removeEventListener('abort', abort);
        if (signal.aborted) reject(signal.reason);
        else if (error) reject(error);
        else resolve(finished);
      },
    );
    if (onDone) {
      instance.on('response', onDone);
      instance.on('reqError', onDone);
    }
    // Ctrl-C: stop sending, so the API's graceful exit is not kept waiting by new requests.
    const abort = () => instance.stop();
    signal.addEventListener('abort', abort, { once: true });
  });
  const { latency } = result;
  return {
    connections,
    seconds: result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    reqPerSec: result['2xx'] / result.duration,
    latency: { p50: latency.p50, p90: latency.p90, p99: latency.p99, p999: NaN, max: latency.max, mean: latency.mean },
  };
}
