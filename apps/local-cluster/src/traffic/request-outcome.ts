export type RequestOutcome = 'ok' | 'http_4xx' | 'http_5xx' | 'error';
export const REQUEST_OUTCOMES: readonly RequestOutcome[] = ['ok', 'http_4xx', 'http_5xx', 'error'];

/** An answer's class; `error` is for no answer at all (refused, reset, timed out) or a nonsense status. */
export function outcomeOfStatus(status: number): RequestOutcome {
  if (status >= 200 && status < 400) return 'ok';
  if (status >= 400 && status < 500) return 'http_4xx';
  if (status >= 500 && status < 600) return 'http_5xx';
  return 'error';
}

export interface TimedAnswer {
  readonly outcome: RequestOutcome;
  readonly seconds: number;
  /** The parsed body, when asked for and the answer was ok. */
  readonly body?: unknown;
}

/**
 * One GET, bounded by `timeoutMs` from the first byte sent to the last byte read. Never throws:
 * a replica that is down or frozen is an outcome to count, not a reason for the caller to stop.
 * Node's fetch keeps connections alive, so a steady rate reuses a few sockets per replica.
 */
export async function timedGet(url: string, timeoutMs: number, parse = false): Promise<TimedAnswer> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const outcome = outcomeOfStatus(response.status);
    // Read to the end even when unused: the socket goes back to the pool only then.
    const body =
      parse && outcome === 'ok' ? ((await response.json()) as unknown) : (await response.arrayBuffer(), undefined);
    return { outcome, seconds: seconds(), body };
  } catch {
    return { outcome: 'error', seconds: seconds() };
  }
}
