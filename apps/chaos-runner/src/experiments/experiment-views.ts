import type { DetectionBreakdown, DetectionFloor, DetectionResult, ExperimentDocument } from '@scale/chaos';

export type ExperimentStatus =
  | 'pending'
  | 'checking-steady-state'
  | 'injecting'
  | 'running'
  | 'reverting'
  | 'verifying'
  | 'completed'
  | 'aborted'
  | 'failed'
  | 'refused';

/** The statuses of an experiment still under way: one per group at a time. */
export const ACTIVE_STATUSES: readonly ExperimentStatus[] = [
  'pending',
  'checking-steady-state',
  'injecting',
  'running',
  'reverting',
  'verifying',
];

export interface JournalEntry {
  at: string;
  step: string;
  detail: Record<string, unknown>;
}

export interface ProbeVerdict {
  name: string;
  controlMedian: number | null;
  experimentMedian: number | null;
  ratio: number | null;
  /** Mann-Whitney U over the fault window's per-interval samples; null without samples. */
  pValue: number | null;
  holds: boolean;
  limit: string;
}

/** One expected alert's detection, with where its time went and the part of it that cannot be removed. */
export interface DetectionVerdict extends DetectionResult {
  /** Null when the alert did not fire (or the verdict predates breakdowns). */
  breakdown: DetectionBreakdown | null;
  /** The configured floor, plus the measured parts that cannot be removed once it fired; null without its rule. */
  floor: DetectionFloor | null;
}

export interface Verdict {
  hypothesis: 'held' | 'deviated' | 'not-evaluated';
  recovered: boolean;
  probes: ProbeVerdict[];
  detection: DetectionVerdict[];
  /** Control-group alert firings during the experiment. */
  falseAlarms: number;
  /** Mean time from firing to resolution of the expected alerts that fired. */
  mttrSeconds: number | null;
  /** Injection → steady state back (and the targets running again). */
  recoverySeconds: number | null;
  /** The smallest of the expected alerts' floors (`DetectionVerdict.floor.total`); 0 without expected alerts. */
  detectionFloorSeconds: number;
  /** What the data-integrity check found after the run, as it reports it. */
  integrity: unknown | null;
}

export interface ExperimentSummary {
  id: string;
  title: string;
  status: ExperimentStatus;
  faultKind: string;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  verdict: Verdict | null;
}

export interface ExperimentDetail extends ExperimentSummary {
  document: ExperimentDocument;
  targets: string[];
  journal: JournalEntry[];
  injectedAt: string | null;
  detectedAt: string | null;
  recoveredAt: string | null;
  abortReason: string | null;
}

/** A chart's line per group; times are unix seconds. */
export interface ReportSeries {
  name: string;
  unit: string;
  control: Array<[number, number]>;
  experiment: Array<[number, number]>;
}

export interface ExperimentReportData {
  detail: ExperimentDetail;
  series: ReportSeries[];
  /** `at` is unix seconds, like the series' times. */
  markers: Array<{ at: number; label: 'start' | 'injection' | 'detection' | 'recovery' | 'end' }>;
}
