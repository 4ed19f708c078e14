const DAY_MS = 86_400_000;
export const DEFAULT_WEEKS = 12;
export const MAX_RANGE_DAYS = 366;

/** Monday 00:00 UTC of the ISO week `date` is in. */
export function startOfIsoWeek(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(day - ((date.getUTCDay() + 6) % 7) * DAY_MS);
}

/**
 * The range a statistics request asks for: [from, to), by default the last 12 ISO weeks up to now
 * (the current one included). Throws a RangeError whose message starts with the field at fault.
 */
export function statisticsRange(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to === undefined ? now : new Date(query.to);
  const from =
    query.from === undefined
      ? new Date(startOfIsoWeek(to).getTime() - (DEFAULT_WEEKS - 1) * 7 * DAY_MS)
      : new Date(query.from);
  if (from >= to) throw new RangeError('from must be before to');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new RangeError(`from must be at most ${MAX_RANGE_DAYS} days before to`);
  }
  return { from, to };
}
