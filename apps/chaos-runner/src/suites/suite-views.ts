import type { ExperimentDocument, ExperimentTarget, FaultKind } from '@scale/chaos';

/**
 * `completed`: every experiment was started in turn (whatever each one's verdict); `halted`: the runner
 * was halted, so the rest were not started; `failed`: the runner could not go on (its database, say);
 * `interrupted`: the runner stopped during the run, which is not resumed when it starts again.
 */
export const SUITE_RUN_STATUSES = ['running', 'completed', 'halted', 'failed', 'interrupted'] as const;
export type SuiteRunStatus = (typeof SUITE_RUN_STATUSES)[number];

/** The outcomes an experiment can end with, as its own status says. */
export const ENDED_EXPERIMENT_STATUSES = ['completed', 'aborted', 'failed', 'refused'] as const;
export type EndedExperimentStatus = (typeof ENDED_EXPERIMENT_STATUSES)[number];

/**
 * One experiment of a run: `waiting` its turn; `running` while its experiment is under way; then how
 * that experiment ended; `not-started` when the runner refused to start it (`detail` says why);
 * `interrupted` when the runner stopped during it; `skipped` when the run ended before its turn.
 */
export const SUITE_STEP_STATUSES = [
  'waiting',
  'running',
  ...ENDED_EXPERIMENT_STATUSES,
  'not-started',
  'interrupted',
  'skipped',
] as const;
export type SuiteStepStatus = (typeof SUITE_STEP_STATUSES)[number];

export interface SuiteRunStep {
  file: string;
  title: string;
  status: SuiteStepStatus;
  experimentId: string | null;
  detail: string | null;
}

export interface SuiteRunView {
  id: string;
  suite: string;
  dryRun: boolean;
  status: SuiteRunStatus;
  createdBy: string;
  createdAt: string;
  endedAt: string | null;
  reason: string | null;
  experiments: SuiteRunStep[];
}

export interface SuiteExperimentView {
  file: string;
  title: string;
  description: string | null;
  faultKind: FaultKind;
  target: ExperimentTarget;
  params: Record<string, unknown>;
  durationSeconds: number;
  expectedAlerts: ExperimentDocument['expectedAlerts'];
  dryRun: boolean;
}

export interface SuiteView {
  name: string;
  experiments: SuiteExperimentView[];
}
