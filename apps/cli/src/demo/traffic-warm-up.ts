import { setTimeout as sleep } from 'node:timers/promises';
import type { ExperimentDocument } from '@scale/chaos';
import { lookbackSeconds } from '../../../chaos-runner/src/probes/probe-windows';
import type { PrometheusClient } from '../../../chaos-runner/src/probes/prometheus-client';
import { ProgressLine } from '../progress/progress-line';

/**
 * How long the traffic must run before the first experiment: the longest window any of the suite's
 * probes and abort conditions reads (`rules`: Prometheus' recording rules, rule name → expression),
 * and one scrape more, so that window holds traffic from its very start.
 */
export function warmUpSeconds(
  documents: readonly ExperimentDocument[],
  rules: ReadonlyMap<string, string>,
  scrapeSeconds: number,
): number {
  const queries = documents.flatMap((document) => [...document.steadyState.probes, ...document.abortConditions]);
  return Math.max(0, ...queries.map(({ query }) => lookbackSeconds(query, rules))) + scrapeSeconds;
}

/**
 * Waits, on the progress line, until the traffic started at `trafficStartedAt` has run for the
 * suite's warm-up. The runner itself waits until the probes' series have data over their windows,
 * but it cannot tell when the traffic began: the replicas' series exist from their first scrape,
 * before it. Without Prometheus' rules the runner's own wait is all there is.
 */
export async function warmUpTraffic(
  prometheus: PrometheusClient,
  documents: readonly ExperimentDocument[],
  trafficStartedAt: number,
  scrapeSeconds: number,
  out: NodeJS.WritableStream,
): Promise<void> {
  const rules = await prometheus.recordingRules().catch(() => new Map<string, string>());
  const seconds = warmUpSeconds(documents, rules, scrapeSeconds);
  out.write(
    `Letting traffic run for ${seconds} s, the probes' longest window and a scrape, before the first experiment...\n`,
  );
  const line = new ProgressLine(out);
  const until = trafficStartedAt + seconds * 1000;
  try {
    for (let now = Date.now(); now < until; now = Date.now()) {
      line.update(`  traffic for ${Math.floor((now - trafficStartedAt) / 1000)} s / ${seconds} s`);
      await sleep(Math.min(1_000, until - now));
    }
  } finally {
    line.end();
  }
}
