import { TIME_TO_RESOLVE_BUCKETS } from '../ledger-metric-families';

export const HOUR_MS = 3_600_000;

/** The UTC hour a moment falls in, as the roll-ups key it (Postgres: date_trunc('hour', t, 'UTC')). */
export function hourOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

/** The first hour boundary at or after a moment. */
export function ceilHour(date: Date): Date {
  return new Date(Math.ceil(date.getTime() / HOUR_MS) * HOUR_MS);
}

/** The histogram bucket a resolution time is counted in: its smallest bound at or above, else +Inf. */
export function bucketOf(seconds: number): number {
  return TIME_TO_RESOLVE_BUCKETS.find((le) => seconds <= le) ?? Infinity;
}

/** Short enough to be noise if nothing explains it (the rule of libs/chaos `isNoisy`, in milliseconds). */
export function isShort(durationMs: number, noiseSeconds: number): boolean {
  return durationMs / 1000 <= noiseSeconds;
}

/**
 * Advisory lock keys (class, key). Writers of one service and group take its lock, so they change its
 * incidents one at a time; every writer shares NOISE_LOCK, which recounting noise takes alone.
 */
export const LEDGER_LOCK_CLASS = 7_246_003;
export const NOISE_LOCK = 0;

/** A stable 31-bit key for a service and group (FNV-1a); two sharing one only take turns needlessly. */
export function serviceLockKey(service: string, group: string): number {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify([service, group])) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 1) + 1;
}
