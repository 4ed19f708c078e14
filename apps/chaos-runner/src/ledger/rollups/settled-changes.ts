/** A query runner, entity manager or data source: what runs the statements. */
type Query = { query(sql: string, parameters?: unknown[]): Promise<unknown> };

/**
 * How old a short alert's start must be for its write to count as a change to the settled past. A
 * short alert is written at its resolution, at most the noise time after its start, so with a noise
 * time under an hour only a late delivery (Alertmanager retrying, the runner down a while) writes one
 * this old; a longer noise time makes more writes count as changes, which costs scrapes, not truth.
 */
export const SETTLE_MS = 3_600_000;

/** Whether writing a short alert that started at `startsAt` changes the settled past. */
export function changesSettledPast(startsAt: Date, now = Date.now()): boolean {
  return startsAt.getTime() < now - SETTLE_MS;
}

/** Records, in the writer's transaction, that the settled past changed. */
export async function markSettledChange(runner: Query): Promise<void> {
  await runner.query(
    `insert into ledger_settled_changes as t (only_row, changes) values (true, 1)
     on conflict (only_row) do update set changes = t.changes + 1`,
  );
}
