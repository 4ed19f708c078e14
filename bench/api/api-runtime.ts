import { faultsSince, majorFaults, type MajorFaults } from '../common/page-faults';

/** What the API's own runtime went through over a phase, from its /metrics. */
export interface ApiRuntime {
  /** The longest its event loop was held up, ms; undefined when /metrics did not say. */
  readonly eventLoopMaxMs: number | undefined;
  /** Major (mark-compact) collections, and the main thread's pauses in them, ms. */
  readonly majorGcs: number | undefined;
  readonly majorGcPauseMs: number | undefined;
  /** Pages the API, and the whole machine, waited for the disk to read back over the phase. */
  readonly majorFaults: MajorFaults;
}

/** Counters as read at one moment; `runtimeSince` turns two readings into a phase's figures. */
export interface ApiRuntimeReading {
  readonly eventLoopMaxMs: number | undefined;
  /** Undefined when /metrics failed or has no GC histogram at all. */
  readonly majorGcs: number | undefined;
  readonly majorGcSeconds: number | undefined;
  readonly majorFaults: MajorFaults;
}

function sample(text: string, name: string, kind?: string): number | undefined {
  const labels = kind === undefined ? '(?:\\{[^}]*\\})?' : `\\{[^}]*kind="${kind}"[^}]*\\}`;
  const line = new RegExp(`^${name}${labels} (\\S+)$`, 'm').exec(text);
  const value = line ? Number(line[1]) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

/**
 * prom-client resets `nodejs_eventloop_lag_max_seconds` at every scrape, so a reading before a phase
 * and one after it bound the phase; the GC histogram (`nodejs_gc_duration_seconds`) only grows, so
 * the phase's collections are the difference of the two readings. Its `kind="major"` series appears
 * with the first major collection: a histogram without it means none yet.
 */
export async function readApiRuntime(baseUrl: string, pid: number, signal?: AbortSignal): Promise<ApiRuntimeReading> {
  const response = await fetch(`${baseUrl}/metrics`, { signal });
  const text = await response.text();
  if (!response.ok) {
    return { eventLoopMaxMs: undefined, majorGcs: undefined, majorGcSeconds: undefined, majorFaults: majorFaults(pid) };
  }
  const lag = sample(text, 'nodejs_eventloop_lag_max_seconds');
  const histogram = /^nodejs_gc_duration_seconds_count\{/m.test(text);
  return {
    eventLoopMaxMs: lag === undefined ? undefined : lag * 1000,
    majorGcs: histogram ? (sample(text, 'nodejs_gc_duration_seconds_count', 'major') ?? 0) : undefined,
    majorGcSeconds: histogram ? (sample(text, 'nodejs_gc_duration_seconds_sum', 'major') ?? 0) : undefined,
    majorFaults: majorFaults(pid),
  };
}

export function runtimeSince(before: ApiRuntimeReading, after: ApiRuntimeReading): ApiRuntime {
  const difference = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : b - a);
  const seconds = difference(before.majorGcSeconds, after.majorGcSeconds);
  return {
    eventLoopMaxMs: after.eventLoopMaxMs,
    majorGcs: difference(before.majorGcs, after.majorGcs),
    majorGcPauseMs: seconds === undefined ? undefined : seconds * 1000,
    majorFaults: faultsSince(before.majorFaults, after.majorFaults),
  };
}
