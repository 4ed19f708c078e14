/**
 * A constant arrival rate, open loop: arrival k (k = 1, 2, ...) is due k / rate seconds after the
 * start whatever became of the earlier ones, so a slow or dead server gets the same load as a fast
 * one instead of slowing the generator down (the coordinated-omission trap of closed-loop clients).
 */
export interface ArrivalsDue {
  /** Arrivals to send now. */
  readonly send: number;
  /**
   * Arrivals more than the allowed lag late, dropped rather than sent in one burst: they are only
   * ever late when this process itself stalled (event loop blocked, process frozen), and a burst
   * of them would be load the schedule never asked for.
   */
  readonly skip: number;
}

/** What is due `elapsedMs` after the start, when `dispatched` arrivals (sent or skipped) are behind us. */
export function arrivalsDue(
  elapsedMs: number,
  ratePerSecond: number,
  dispatched: number,
  maxLagMs: number,
): ArrivalsDue {
  if (!(ratePerSecond > 0) || !(elapsedMs > 0)) return { send: 0, skip: 0 };
  const due = Math.floor((elapsedMs * ratePerSecond) / 1000);
  const tooLate = Math.floor((Math.max(0, elapsedMs - maxLagMs) * ratePerSecond) / 1000);
  const skip = Math.max(0, tooLate - dispatched);
  return { send: Math.max(0, due - dispatched - skip), skip };
}

/**
 * How often to look at the schedule: about once per arrival, but never busier than 100 times a
 * second (the generator shares two cores with what it loads) nor lazier than 10 times a second.
 */
export function tickIntervalMs(ratePerSecond: number): number {
  if (!(ratePerSecond > 0)) return 100;
  return Math.min(100, Math.max(10, Math.floor(1000 / ratePerSecond)));
}
