import type { EntityManager } from 'typeorm';
import { countExplained, type ExplanationScope, type LabelCount } from './explained-alerts';
import { SETTLE_MS } from './settled-changes';

/**
 * The scopes split at `horizon`: the intervals ending before it (settled) and the rest (live), each
 * live scope told where its settled intervals ended, so an alert is counted on one side only.
 * Intervals are disjoint and in order, so the settled ones are a prefix.
 */
export function splitScopes(
  scopes: readonly ExplanationScope[],
  horizon: Date,
): { settled: ExplanationScope[]; live: ExplanationScope[] } {
  const settled: ExplanationScope[] = [];
  const live: ExplanationScope[] = [];
  for (const scope of scopes) {
    const before = scope.intervals.filter((interval) => interval.to < horizon);
    const after = scope.intervals.slice(before.length);
    if (before.length > 0) settled.push({ ...scope, intervals: before });
    if (after.length > 0) live.push({ ...scope, intervals: after, after: before.at(-1)?.to ?? scope.after });
  }
  return { settled, live };
}

/**
 * What the explanation windows explain, with the settled past's share kept between scrapes. Windows
 * of the past are counted once, then again only when a window, the noise time or a late write
 * changes them; a scrape otherwise reads the last two hours' windows alone, so its cost does not grow
 * with a year of alerts and experiments. The horizon sits two SETTLE_MS back so that a write already
 * in flight when the scrape begins (its clock a moment earlier) is either in the scrape's snapshot or
 * marks the change.
 */
export class SettledExplanations {
  private kept: { key: string; counts: LabelCount[] } | undefined;

  async count(
    manager: EntityManager,
    scopes: readonly ExplanationScope[],
    noiseSeconds: number,
    now: Date,
  ): Promise<LabelCount[]> {
    const { settled, live } = splitScopes(scopes, new Date(now.getTime() - 2 * SETTLE_MS));
    const [version] = (await manager.query(`select changes from ledger_settled_changes`)) as Array<{
      changes: string;
    }>;
    const key = JSON.stringify([noiseSeconds, version?.changes ?? null, settled]);
    if (this.kept?.key !== key) {
      this.kept = { key, counts: await countExplained(manager, settled, noiseSeconds) };
    }
    return sumCounts(this.kept.counts, await countExplained(manager, live, noiseSeconds));
  }
}

function sumCounts(...lists: ReadonlyArray<readonly LabelCount[]>): LabelCount[] {
  const byLabels = new Map<string, LabelCount>();
  for (const count of lists.flat()) {
    const key = JSON.stringify([count.alertname, count.service, count.group]);
    const found = byLabels.get(key);
    if (found) found.count += count.count;
    else byLabels.set(key, { ...count });
  }
  return [...byLabels.values()];
}
