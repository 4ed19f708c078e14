import type { EntityManager } from 'typeorm';
import type { ExplanationWindow } from '../explanation-windows';
import { SHORT } from './rollup-backfill';
import { ceilHour, hourOf } from './rollup-keys';

/** Occurrences of a set of groups (`others`: every group but these) and the union of the windows explaining them. */
export interface ExplanationScope {
  readonly groups: readonly string[];
  readonly others: boolean;
  /** Disjoint, in order. */
  readonly intervals: ReadonlyArray<{ from: Date; to: Date }>;
  /** Where the scope's earlier intervals, counted apart, ended: alerts up to it are theirs. */
  readonly after?: Date;
}

/**
 * The windows as scopes: a group named by some window is explained by its own windows and the
 * windows of every group; all other groups by the latter alone. Overlapping windows are merged, so
 * an occurrence overlapping several is counted once.
 */
export function explanationScopes(windows: readonly ExplanationWindow[]): ExplanationScope[] {
  const named = [...new Set(windows.flatMap((window) => (window.group === undefined ? [] : [window.group])))].sort();
  const forAll = windows.filter((window) => window.group === undefined);
  return [
    ...named.map((group) => ({
      groups: [group],
      others: false,
      intervals: union([...forAll, ...windows.filter((window) => window.group === group)]),
    })),
    { groups: named, others: true, intervals: union(forAll) },
  ].filter((scope) => scope.intervals.length > 0);
}

function union(windows: readonly ExplanationWindow[]): Array<{ from: Date; to: Date }> {
  const merged: Array<{ from: Date; to: Date }> = [];
  for (const { from, to } of [...windows].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const last = merged.at(-1);
    if (last !== undefined && from <= last.to) last.to = to > last.to ? to : last.to;
    else merged.push({ from, to });
  }
  return merged;
}

export interface LabelCount {
  alertname: string;
  service: string;
  group: string;
  count: number;
}

/**
 * The short resolved occurrences overlapping an interval [a, b] (they start within it, or start
 * before it and end in or after it), counted from the hourly roll-up for the whole hours inside it
 * and from the ledger's rows for the rest: the part-hours at either end and the short ones started
 * just before it (a short occurrence ending after `a` started at most the noise time before).
 */
export async function countExplained(
  manager: EntityManager,
  scopes: readonly ExplanationScope[],
  noiseSeconds: number,
): Promise<LabelCount[]> {
  const counts = new Map<string, LabelCount>();
  const add = (rows: Array<{ alertname: string; service: string; group_name: string; alerts: string }>) => {
    for (const row of rows) {
      const key = JSON.stringify([row.alertname, row.service, row.group_name]);
      const found = counts.get(key) ?? {
        alertname: row.alertname,
        service: row.service,
        group: row.group_name,
        count: 0,
      };
      found.count += Number(row.alerts);
      counts.set(key, found);
    }
  };
  for (const scope of scopes) {
    const { hours, rows } = plan(scope, noiseSeconds);
    const inScope = (column: string) => `($2::bool <> (${column} = any($3::text[])))`;
    add(
      await manager.query(
        `select h.alertname, h.service, h.group_name, sum(h.alerts) alerts
         from unnest($4::timestamptz[], $5::timestamptz[]) r(lo, hi)
         cross join lateral (select * from ledger_short_alert_hours h
                             where h.hour >= r.lo and h.hour < r.hi and $1::float8 is not null
                               and ${inScope('h.group_name')} offset 0) h
         group by 1, 2, 3`,
        [noiseSeconds, scope.others, scope.groups, hours.map((h) => h.from), hours.map((h) => h.to)],
      ),
    );
    add(
      await manager.query(
        `select a.alertname, coalesce(a.service, '') service, coalesce(a.group_name, '') group_name, count(*) alerts
         from unnest($4::timestamptz[], $5::bool[], $6::timestamptz[], $7::bool[], $8::timestamptz[]) r(f, fi, t, ti, me)
         -- Lateral and fenced (offset 0) so it is not flattened into a join: each range is an index
         -- range scan of its own, never a pass over the ledger.
         cross join lateral (select * from alerts a
                             where a.starts_at >= r.f and a.starts_at <= r.t
                               and (r.fi or a.starts_at > r.f) and (r.ti or a.starts_at < r.t)
                               and (r.me is null or a.ends_at >= r.me)
                               and ${SHORT} and ${inScope(`coalesce(a.group_name, '')`)} offset 0) a
         group by 1, 2, 3`,
        [
          noiseSeconds,
          scope.others,
          scope.groups,
          rows.map((r) => r.from),
          rows.map((r) => r.fromIncluded),
          rows.map((r) => r.to),
          rows.map((r) => r.toIncluded),
          rows.map((r) => r.endingFrom),
        ],
      ),
    );
  }
  return [...counts.values()];
}

interface RowRange {
  from: Date;
  fromIncluded: boolean;
  to: Date;
  toIncluded: boolean;
  /** Only occurrences ending at or after this (null: any). */
  endingFrom: Date | null;
}

/** Which whole hours and which ranges of rows cover each interval of a scope, none twice. */
export function plan(
  scope: ExplanationScope,
  noiseSeconds: number,
): { hours: Array<{ from: Date; to: Date }>; rows: RowRange[] } {
  const hours: Array<{ from: Date; to: Date }> = [];
  const rows: RowRange[] = [];
  let previousEnd: Date | null = scope.after ?? null;
  for (const { from, to } of scope.intervals) {
    const lo = ceilHour(from);
    const hi = hourOf(to);
    if (lo < hi) {
      hours.push({ from: lo, to: hi });
      rows.push({ from, fromIncluded: true, to: lo, toIncluded: false, endingFrom: null });
      rows.push({ from: hi, fromIncluded: true, to, toIncluded: true, endingFrom: null });
    } else {
      rows.push({ from, fromIncluded: true, to, toIncluded: true, endingFrom: null });
    }
    // Started before the interval, after the previous one (whose rows counted those), ending within it.
    const earliest = new Date(from.getTime() - noiseSeconds * 1000);
    const after = previousEnd !== null && previousEnd >= earliest;
    rows.push({
      from: after ? previousEnd! : earliest,
      fromIncluded: !after,
      to: from,
      toIncluded: false,
      endingFrom: from,
    });
    previousEnd = to;
  }
  return { hours, rows };
}
