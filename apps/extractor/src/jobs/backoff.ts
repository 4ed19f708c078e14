/**
 * Delay before attempt `attempts + 1` of a job whose attempt failed for a transient reason:
 * doubling from one second up to the cap, with jitter so that jobs failed by one outage do not
 * all come back in the same instant.
 */
export function backoffSeconds(attempts: number, maxSeconds: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxSeconds, 2 ** Math.max(0, attempts - 1));
  return exponential * (0.5 + random() / 2);
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
