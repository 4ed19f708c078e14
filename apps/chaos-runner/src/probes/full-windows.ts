import { groupQuery, type ExperimentDocument } from '@scale/chaos';
import { pause } from '../common/pause';
import type { Group } from '../drivers/driver';
import { GROUPS } from './group-reading';
import type { PrometheusClient } from './prometheus-client';
import { PrometheusQueryError } from './prometheus-errors';
import { ageQuery, decideWindows, lookbackSeconds } from './probe-windows';

export interface FullWindowsOptions {
  /** PROBE_WINDOWS_TIMEOUT_SECONDS: the longest wait in all. */
  readonly timeoutSeconds: number;
  /** How often to look again while a probe has no data at all. */
  readonly pollSeconds: number;
  /** The scrape interval to assume when Prometheus' configuration does not say. */
  readonly fallbackScrapeSeconds: number;
  /** Ends the wait early: the run is stopping. */
  readonly signal: AbortSignal;
  readonly journal: (step: string, detail: Record<string, unknown>) => Promise<void>;
}

export type FullWindowsOutcome = { readonly full: true } | { readonly full: false; readonly reason: string };

/** A query whose windows must be full in a group, and how long its series must have had values. */
interface Window {
  readonly name: string;
  readonly query: string;
  readonly group: Group;
  readonly neededSeconds: number;
}

/**
 * Waits until every probe's windows are full in both groups, and every abort condition's in the
 * experiment group (both are judged before the injection), journalling the wait: `awaiting-full-windows`
 * when it starts, `windows-full` with the time waited. Nothing is journalled for a document that
 * reads no windows. A query Prometheus refuses to age (one that gives a scalar) is not waited for;
 * the steady-state check reads it as it is, and the journal says so. Prometheus not answering ends
 * the wait with a reason, as it would end the steady-state check.
 */
export async function awaitFullWindows(
  client: PrometheusClient,
  document: ExperimentDocument,
  options: FullWindowsOptions,
): Promise<FullWindowsOutcome> {
  const started = Date.now();
  let announced = false;
  try {
    const scrapeSeconds = (await client.scrapeIntervalSeconds()) ?? options.fallbackScrapeSeconds;
    const windows = windowsOf(document, await client.recordingRules(), scrapeSeconds);
    if (windows.length === 0) return { full: true };
    for (;;) {
      const { coverage, unchecked } = await measure(client, windows, scrapeSeconds);
      const waitedSeconds = (Date.now() - started) / 1000;
      const decision = decideWindows(coverage, { ...options, waitedSeconds });
      switch (decision.kind) {
        case 'full':
          await options.journal('windows-full', { waitedSeconds: round(waitedSeconds), coverage, unchecked });
          return { full: true };
        case 'give-up':
          return { full: false, reason: decision.reason };
        case 'wait':
          if (!announced) {
            announced = true;
            await options.journal('awaiting-full-windows', {
              short: decision.short,
              timeoutSeconds: options.timeoutSeconds,
            });
          }
          await pause(decision.seconds * 1000, options.signal);
          if (options.signal.aborted) return { full: false, reason: 'stopped while the windows filled' };
          break;
      }
    }
  } catch (error) {
    return { full: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function windowsOf(document: ExperimentDocument, rules: ReadonlyMap<string, string>, scrapeSeconds: number): Window[] {
  const needed = (query: string) => {
    const lookback = lookbackSeconds(query, rules);
    // A range is full once it holds a scrape from its very start: its length and one interval more.
    return lookback === 0 ? 0 : lookback + scrapeSeconds;
  };
  const probes = document.steadyState.probes.flatMap(({ name, query }) =>
    GROUPS.map((group) => ({ name, query: groupQuery(query, group), group, neededSeconds: needed(query) })),
  );
  const conditions = document.abortConditions.map(({ name, query }) => ({
    name: `${name} (abort condition)`,
    query: groupQuery(query, 'experiment'),
    group: 'experiment' as const,
    neededSeconds: needed(query),
  }));
  return [...probes, ...conditions].filter((window) => window.neededSeconds > 0);
}

async function measure(client: PrometheusClient, windows: readonly Window[], scrapeSeconds: number) {
  const measured = await Promise.all(
    windows.map(async ({ name, query, group, neededSeconds }) => {
      // Far enough back that a series older than needed shows as such, whatever the steps' alignment.
      const age = ageQuery(query, neededSeconds + 2 * scrapeSeconds, scrapeSeconds);
      try {
        const [sample] = await client.instant(age);
        const ageSeconds = sample && !Number.isNaN(sample.value) ? round(sample.value) : null;
        return { coverage: { probe: name, group, neededSeconds, ageSeconds } };
      } catch (error) {
        if (!(error instanceof PrometheusQueryError)) throw error;
        return { unchecked: { probe: name, group, error: error.message } };
      }
    }),
  );
  return {
    coverage: measured.flatMap((one) => (one.coverage ? [one.coverage] : [])),
    unchecked: measured.flatMap((one) => (one.unchecked ? [one.unchecked] : [])),
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
