/** What the API's own runtime went through over a phase, from its /metrics. */
export interface ApiRuntime {
  /** The longest its event loop was held up, ms; undefined when /metrics did not say. */
  readonly eventLoopMaxMs: number | undefined;
  /** Major (mark-compact) collections, and the main thread's pauses in them, ms. */
  readonly majorGcs: number | undefined;
  readonly majorGcPauseMs: number | undefined;
}

/** Counters as read at one moment; `since` turns two readings into a phase's figures. */
export interface ApiRuntimeReading {
  readonly eventLoopMaxMs: number | undefined;
  readonly majorGcs: number | undefined;
  readonly majorGcSeconds: number | undefined;
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
 * the phase's collections are the difference of the two readings.
 */
export async function readApiRuntime(baseUrl: string, signal?: AbortSignal): Promise<ApiRuntimeReading> {
  const response = await fetch(`${baseUrl}/metrics`, { signal });
  const text = await response.text();
  if (!response.ok) return { eventLoopMaxMs: undefined, majorGcs: undefined, majorGcSeconds: undefined };
  const lag = sample(text, 'nodejs_eventloop_lag_max_seconds');
  return {
    eventLoopMaxMs: lag === undefined ? undefined : lag * 1000,
    majorGcs: sample(text, 'nodejs_gc_duration_seconds_count', 'major'),
    majorGcSeconds: sample(text, 'nodejs_gc_duration_seconds_sum', 'major'),
  };
}

/** A process that has not collected its old generation yet has no `kind="major"` series: zero. */
export function runtimeSince(before: ApiRuntimeReading, after: ApiRuntimeReading): ApiRuntime {
  const counted = after.majorGcs !== undefined || before.majorGcs !== undefined;
  return {
    eventLoopMaxMs: after.eventLoopMaxMs,
    majorGcs: counted ? (after.majorGcs ?? 0) - (before.majorGcs ?? 0) : undefined,
    majorGcPauseMs: counted ? 1000 * ((after.majorGcSeconds ?? 0) - (before.majorGcSeconds ?? 0)) : undefined,
  };
}
