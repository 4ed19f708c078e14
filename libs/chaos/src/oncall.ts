export type Severity = 'critical' | 'high' | 'warning' | 'info';
export type Sev = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/** An alert's `severity` label as an incident level: critical pages as SEV1, info is SEV4. */
export const SEVERITY_TO_SEV: Record<Severity, Sev> = { critical: 'SEV1', high: 'SEV2', warning: 'SEV3', info: 'SEV4' };

/** The SEV level of any severity label; a missing or unknown one is the least urgent, SEV4. */
export function sevOf(severity: string | undefined): Sev {
  return severity !== undefined && Object.hasOwn(SEVERITY_TO_SEV, severity)
    ? SEVERITY_TO_SEV[severity as Severity]
    : 'SEV4';
}

interface Incident {
  startsAt: Date;
  endsAt: Date | null;
}

/** Mean time to resolve: the mean duration of the resolved incidents; null when none is resolved. */
export function mttrSeconds(incidents: ReadonlyArray<Incident>): number | null {
  const durations = incidents.flatMap(({ startsAt, endsAt }) =>
    endsAt === null ? [] : [(endsAt.getTime() - startsAt.getTime()) / 1000],
  );
  return durations.length === 0 ? null : durations.reduce((sum, duration) => sum + duration, 0) / durations.length;
}

/**
 * Mean time between failures: the mean time from an incident's resolution to the next incident's start.
 * Overlapping incidents are one outage (nothing worked in between); null with fewer than two outages.
 */
export function mtbfSeconds(incidents: ReadonlyArray<Incident>): number | null {
  const outages: Array<{ start: number; end: number }> = [];
  for (const incident of [...incidents].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const start = incident.startsAt.getTime();
    const end = incident.endsAt === null ? Infinity : incident.endsAt.getTime();
    const last = outages.at(-1);
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else outages.push({ start, end });
  }
  if (outages.length < 2) return null;
  let uptime = 0;
  for (let i = 1; i < outages.length; i++) uptime += outages[i].start - outages[i - 1].end;
  return uptime / (outages.length - 1) / 1000;
}

/**
 * A noisy alert resolved by itself within `noiseSeconds` with nothing to explain it: no experiment or
 * operator action window overlaps its firing. An alert still firing is not (yet) noise.
 */
export function isNoisy(
  alert: Incident,
  options: { noiseSeconds: number; explained: ReadonlyArray<{ from: Date; to: Date }> },
): boolean {
  if (alert.endsAt === null) return false;
  const start = alert.startsAt.getTime();
  const end = alert.endsAt.getTime();
  if ((end - start) / 1000 > options.noiseSeconds) return false;
  return !options.explained.some((window) => window.from.getTime() <= end && window.to.getTime() >= start);
}

/** The ISO 8601 week of a moment, in UTC, e.g. '2026-W48': weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(date: Date): string {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const dayOfYear = (thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000;
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
