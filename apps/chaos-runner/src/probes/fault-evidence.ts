import type { FaultKind } from '@scale/chaos';
import type { PrometheusClient, RangeSeries } from './prometheus-client';

/** How far before the injection samples are read, to know what a target reported before the fault. */
const BEFORE_SECONDS = 60;
/**
 * A container throttled in more of its CPU periods than this between two scrapes shows a CPU hog: the
 * threshold of ContainerCpuThrottled (observability/prometheus/rules/processes.yml).
 */
const THROTTLED_SHARE = 0.25;
/**
 * A container whose working set (or writable space) is over this share of its limit shows a memory hog
 * (or a disk fill): the threshold of ContainerMemoryNearLimit and ContainerEphemeralStorageNearLimit
 * (observability/prometheus/rules/processes.yml).
 */
const NEAR_LIMIT_SHARE = 0.9;

export interface EvidenceWindow {
  injectedAt: Date;
  /** Where to stop looking: the alert's firing. */
  until: Date;
  /** The replicas the fault hit; each is scraped as the `instance` of that id. */
  replicaIds: readonly string[];
}

type Points = ReadonlyArray<[number, number]>;

/**
 * The first scrape whose samples show the fault, by what the fault does to what is scraped: a killed or
 * stopped process fails the scrape under way or its next one (`up` 0), or, restarted before that
 * scrape, reports a new start time; a frozen process or a zone down fails its scrapes; a CPU hog shows in its container's throttled
 * periods; a memory hog in its working set near its limit, or in the replica's restart when the OOM
 * killer chose it; a disk fill in its writable space near its limit. With several targets, the scrape that showed it for the last of them: a zone is down once
 * all of its targets are. Null when no scrape showed it before `until`.
 */
export async function firstScrapeShowing(
  client: PrometheusClient,
  kind: FaultKind,
  window: EvidenceWindow,
): Promise<Date | null> {
  const from = new Date(window.injectedAt.getTime() - BEFORE_SECONDS * 1000);
  const read = async (metric: string) =>
    byInstance(
      await client.rawSamples(`${metric}{instance=~"${instancePattern(window.replicaIds)}"}`, from, window.until),
    );
  const after = window.injectedAt.getTime() / 1000;
  let shown: (id: string) => number | null;
  switch (kind) {
    case 'container-shutdown':
    case 'container-kill':
    case 'pod-kill': {
      const [up, took, started] = await Promise.all([
        read('up'),
        read('scrape_duration_seconds'),
        read('process_start_time_seconds'),
      ]);
      shown = (id) =>
        earliest(firstFailedScrape(up.get(id), after, took.get(id)), firstNewValue(started.get(id), after));
      break;
    }
    case 'container-freeze':
    case 'zone-outage': {
      const [up, took] = await Promise.all([read('up'), read('scrape_duration_seconds')]);
      shown = (id) => firstFailedScrape(up.get(id), after, took.get(id));
      break;
    }
    case 'cpu-hog': {
      const [throttled, periods] = await Promise.all([
        read('container_cpu_cfs_throttled_periods_total'),
        read('container_cpu_cfs_periods_total'),
      ]);
      shown = (id) => firstThrottledScrape(throttled.get(id), periods.get(id), after);
      break;
    }
    case 'memory-hog': {
      const [workingSet, limit, up, took, started] = await Promise.all([
        read('container_memory_working_set_bytes'),
        read('container_spec_memory_limit_bytes'),
        read('up'),
        read('scrape_duration_seconds'),
        read('process_start_time_seconds'),
      ]);
      shown = (id) =>
        earliest(
          firstScrapeOver(workingSet.get(id), limit.get(id), after, NEAR_LIMIT_SHARE),
          firstFailedScrape(up.get(id), after, took.get(id)),
          firstNewValue(started.get(id), after),
        );
      break;
    }
    case 'disk-fill': {
      const [usage, limit] = await Promise.all([read('container_fs_usage_bytes'), read('container_fs_limit_bytes')]);
      shown = (id) => firstScrapeOver(usage.get(id), limit.get(id), after, NEAR_LIMIT_SHARE);
      break;
    }
    case 'database-network': {
      // The group's one link to its database: the first probe through it that fails shows it, the blackbox
      // exporter's probe of the group's Postgres (ProbeFailures) or a replica's own (DatabaseUnreachable).
      // Faults only ever target the experiment group.
      const [up, probes] = await Promise.all([
        read('scale_database_up'),
        client.rawSamples('probe_success{service="postgres",group="experiment"}', from, window.until),
      ]);
      const times = window.replicaIds.map((id) => firstFailedScrape(up.get(id), after));
      return earliestDate([...times, ...probes.map((series) => firstFailedScrape(series.points, after))]);
    }
    case 'traffic-surge':
      // Load shows in no replica's own series as a yes or no; its expected alerts, if any, say when it mattered.
      return null;
  }
  const times = window.replicaIds.map(shown);
  if (times.length === 0 || times.some((time) => time === null)) return null;
  return new Date(Math.max(...(times as number[])) * 1000);
}

/**
 * The first failed scrape that ended at or after `after` (unix seconds). A sample is stamped with its
 * scrape's start, so a scrape under way when the fault struck (a kill cuts its connection, a freeze
 * runs it into its timeout) is stamped before the injection; with its `scrape_duration_seconds` it
 * shows the fault at its end. Without durations (a probe's own `up`-like series), its start.
 */
export function firstFailedScrape(up: Points | undefined, after: number, durations?: Points): number | null {
  const durationAt = new Map(durations);
  for (const [at, value] of up ?? []) {
    if (value !== 0) continue;
    if (at >= after) return at;
    const endedAt = at + (durationAt.get(at) ?? 0);
    if (endedAt >= after) return endedAt;
  }
  return null;
}

/** The first sample at or after `after` whose value differs from the last one before it (a new process's start time). */
export function firstNewValue(points: Points | undefined, after: number): number | null {
  const before = points?.filter(([at]) => at < after).at(-1);
  if (!points || !before) return null;
  return points.find(([at, value]) => at >= after && value !== before[1])?.[0] ?? null;
}

/** The first scrape at or after `after` over whose interval the container was throttled in more than THROTTLED_SHARE of its periods. */
export function firstThrottledScrape(
  throttled: Points | undefined,
  periods: Points | undefined,
  after: number,
): number | null {
  if (!throttled || !periods) return null;
  const periodsAt = new Map(periods);
  for (let index = 1; index < throttled.length; index++) {
    const [at, value] = throttled[index];
    const [previousAt, previous] = throttled[index - 1];
    const [total, previousTotal] = [periodsAt.get(at), periodsAt.get(previousAt)];
    if (at < after || total === undefined || previousTotal === undefined) continue;
    // A counter that went down is a new process: its first interval says nothing.
    if (value < previous || total <= previousTotal) continue;
    if ((value - previous) / (total - previousTotal) > THROTTLED_SHARE) return at;
  }
  return null;
}

/** The first scrape at or after `after` whose value is over `share` of the limit scraped with it. */
export function firstScrapeOver(
  values: Points | undefined,
  limits: Points | undefined,
  after: number,
  share: number,
): number | null {
  if (!values || !limits) return null;
  const limitAt = new Map(limits);
  for (const [at, value] of values) {
    const limit = limitAt.get(at);
    if (at >= after && limit !== undefined && limit > 0 && value / limit > share) return at;
  }
  return null;
}

function earliestDate(times: Array<number | null>): Date | null {
  const first = earliest(...times);
  return first === null ? null : new Date(first * 1000);
}

function earliest(...times: Array<number | null>): number | null {
  const known = times.filter((time): time is number => time !== null);
  return known.length === 0 ? null : Math.min(...known);
}

/** Points by the `instance` label, merged over the series of one instance (a restart may bring new labels) and in time order. */
function byInstance(series: readonly RangeSeries[]): Map<string, Points> {
  const points = new Map<string, Array<[number, number]>>();
  for (const { labels, points: samples } of series) {
    const instance = labels.instance ?? '';
    points.set(instance, [...(points.get(instance) ?? []), ...samples]);
  }
  for (const samples of points.values()) samples.sort((a, b) => a[0] - b[0]);
  return points;
}

function instancePattern(ids: readonly string[]): string {
  return ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&')).join('|');
}
