import type { ExperimentDetail, ExperimentSummary, JournalEntry, Verdict } from './experiment-views';
import type { ExperimentRow, JournalRow } from './persistence';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function summaryOf(row: ExperimentRow): ExperimentSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    faultKind: row.faultKind,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    verdict: verdictOf(row.verdict),
  };
}

/** Verdicts written before detections had breakdowns and floors read with them as null, as the API documents. */
function verdictOf(verdict: Verdict | null): Verdict | null {
  if (!verdict) return null;
  const detection = verdict.detection.map((result) => ({
    ...result,
    breakdown: result.breakdown ?? null,
    floor: result.floor ?? null,
  }));
  return { ...verdict, detection };
}

export function detailOf(row: ExperimentRow, journal: readonly JournalRow[]): ExperimentDetail {
  return {
    ...summaryOf(row),
    document: row.document,
    targets: row.targets,
    journal: journal.map((entry): JournalEntry => ({
      at: entry.at.toISOString(),
      step: entry.step,
      detail: entry.detail,
    })),
    injectedAt: iso(row.injectedAt),
    detectedAt: iso(row.detectedAt),
    recoveredAt: iso(row.recoveredAt),
    abortReason: row.abortReason,
  };
}
