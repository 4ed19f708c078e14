import type { DetectionResult } from '@scale/chaos';
import type { DetectionVerdict, Verdict } from '../experiment-views';

/**
 * What the experiment series need of a verdict: the probes' evidence and the integrity report stay in
 * the database. A detection's floor is missing from verdicts written before detections had one.
 */
export type RecordedVerdict = Pick<
  Verdict,
  'hypothesis' | 'recovered' | 'falseAlarms' | 'recoverySeconds' | 'detectionFloorSeconds'
> & { detection: Array<DetectionResult & Partial<Pick<DetectionVerdict, 'floor'>>> };

/** One experiment as the series read it: its outcome and the moments of its lifecycle, not its document or samples. */
export interface ExperimentRecord {
  readonly id: string;
  readonly title: string;
  readonly fault: string;
  /** The group the fault hits. */
  readonly targetGroup: string;
  readonly status: string;
  readonly dryRun: boolean;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly injectedAt: Date | null;
  readonly detectedAt: Date | null;
  readonly recoveredAt: Date | null;
  readonly endedAt: Date | null;
  readonly verdict: RecordedVerdict | null;
}

/** The earliest an expected alert could fire, as the run worked it out before injecting (its journal's `steady-state-checked` step). */
export interface AlertFloor {
  readonly alertname: string;
  /** Null when Prometheus had no alerting rule of that name. */
  readonly floorSeconds: number | null;
}
