/**
 * What a metric reads at scrape time (a database count, a probe) gets this long: a scrape must answer
 * well inside Prometheus's timeout even when what it reads hangs, and say "unknown" rather than wait.
 */
export const SCRAPE_READ_TIMEOUT_MS = 2_000;

/**
 * The value of `read`, or undefined if it fails or takes longer than `timeoutMs`. The read itself is
 * not cancelled: callers share one read in flight (see `sharedRead`), so a hung one is not repeated.
 */
export async function readWithin<T>(read: Promise<T>, timeoutMs = SCRAPE_READ_TIMEOUT_MS): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([read.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One read at a time: callers arriving while a read is in flight get that read's promise. Several
 * gauges filled from one query share it this way within a scrape, and scrapes arriving while the
 * database hangs do not stack up queries behind the hung one.
 */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
