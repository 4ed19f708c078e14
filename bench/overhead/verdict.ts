import type { MedianInterval } from '@scale/chaos';

/**
 * A bar read against the 95% interval of its median rather than the median alone: single rounds on a
 * shared machine swing by tens of points, so a median a point under a bar a few points wide may only
 * be luck. Met when the whole interval is on the bar's side, not met when the whole of it is past the
 * bar, unresolved when it straddles the bar (more rounds, or a quieter machine, narrow it).
 */
export type Verdict = 'met' | 'not met' | 'unresolved';

export function verdict(
  value: number,
  interval: MedianInterval | undefined,
  meets: (value: number) => boolean,
): Verdict {
  if (interval === undefined) return meets(value) ? 'met' : 'not met';
  const low = meets(interval.low);
  const high = meets(interval.high);
  return low && high ? 'met' : !low && !high ? 'not met' : 'unresolved';
}
