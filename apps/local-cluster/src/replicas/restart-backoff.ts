/**
 * How a crashed replica is restarted, as a kubelet restarts a container: after a delay that doubles
 * with every crash in a row, up to a ceiling, and starts again from the bottom once a process has
 * stayed up long enough to count as healthy.
 */
export interface RestartBackoff {
  /** Delay before the first restart of a run of crashes. */
  initialSeconds: number;
  maxSeconds: number;
  /** A process that ran at least this long ends the run of crashes. */
  resetAfterSeconds: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialSeconds: 1, maxSeconds: 30, resetAfterSeconds: 60 };

/** The crashes in a row, counting the one that just happened after the process ran `ranSeconds`. */
export function crashesInARow(previous: number, ranSeconds: number, backoff: RestartBackoff): number {
  return ranSeconds >= backoff.resetAfterSeconds ? 1 : previous + 1;
}

/** Seconds to wait before restarting after the `crashes`-th crash in a row (1 = the first). */
export function restartDelaySeconds(crashes: number, backoff: RestartBackoff): number {
  const exponent = Math.max(0, crashes - 1);
  return Math.min(backoff.maxSeconds, backoff.initialSeconds * 2 ** exponent);
}
