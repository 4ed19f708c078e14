import { ExperimentDocumentError, TargetSelectionError } from '@scale/chaos';
import type { Logger } from '@scale/telemetry';
import { ExperimentConflictError, RunnerHaltedError } from '../experiments/experiment-errors';
import { ACTIVE_STATUSES } from '../experiments/experiment-views';
import type { ExperimentsService } from '../experiments/experiments.service';
import type { SuiteRunRow } from './persistence';
import type { Suite, SuiteExperiment } from './suite-catalog';
import type { SuiteRunsRepository } from './suite-runs.repository';
import type { EndedExperimentStatus, SuiteRunStatus, SuiteRunStep } from './suite-views';

export interface SuiteRunDependencies {
  readonly experiments: Pick<ExperimentsService, 'start' | 'get'>;
  readonly runs: Pick<SuiteRunsRepository, 'update'>;
  readonly logger: Logger;
  /** How often the experiment under way is looked at to see whether it has ended. */
  readonly pollIntervalMs: number;
}

/** The refusals of ExperimentsService.start that concern one experiment: the run goes on with the next. */
const REFUSALS = [ExperimentConflictError, TargetSelectionError, ExperimentDocumentError];

/**
 * A suite's experiments started one after another through ExperimentsService.start, as the HTTP
 * trigger starts them, each awaited to its end before the next. A halted runner ends the run; each
 * step is written down as it changes, so the run can be followed and survives as a record.
 */
export class SuiteRun {
  private readonly steps: SuiteRunStep[];
  private stopReason: string | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly row: SuiteRunRow,
    private readonly suite: Suite,
    private readonly dependencies: SuiteRunDependencies,
  ) {
    this.steps = row.steps.map((step) => ({ ...step }));
  }

  get id(): string {
    return this.row.id;
  }

  /** Never rejects: whatever goes wrong ends the run as failed, written down if the database allows. */
  async execute(): Promise<void> {
    try {
      for (const [index, experiment] of this.suite.experiments.entries()) {
        if (this.stopReason !== null) return await this.end('interrupted', this.stopReason);
        const next = await this.runStep(this.steps[index], experiment);
        if (next === 'halted') return await this.end('halted', 'the runner was halted; the rest were not started');
      }
      await this.end(this.stopReason === null ? 'completed' : 'interrupted', this.stopReason);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.dependencies.logger.error({ err: error, suiteRun: this.row.id }, `suite run failed: ${message}`);
      await this.end('failed', message).catch((failure: unknown) =>
        this.dependencies.logger.error(
          { err: failure, suiteRun: this.row.id },
          'could not record the failed suite run',
        ),
      );
    }
  }

  /** Starts nothing more and stops waiting; the experiment under way is the engine's to stop. */
  stop(reason: string): void {
    this.stopReason ??= reason;
    this.wake?.();
  }

  private async runStep(step: SuiteRunStep, experiment: SuiteExperiment): Promise<'next' | 'halted'> {
    const document = this.row.dryRun ? { ...experiment.document, dryRun: true } : experiment.document;
    let id: string;
    try {
      id = (await this.dependencies.experiments.start(document, this.row.createdBy)).id;
    } catch (error) {
      const halted = error instanceof RunnerHaltedError;
      if (!halted && !REFUSALS.some((refusal) => error instanceof refusal)) throw error;
      await this.save(step, { status: 'not-started', detail: (error as Error).message });
      return halted ? 'halted' : 'next';
    }
    await this.save(step, { status: 'running', experimentId: id });
    const ended = await this.endOf(id);
    await this.save(step, { status: ended ?? 'interrupted' });
    return 'next';
  }

  /** How the experiment ended; null when the run was stopped first. */
  private async endOf(id: string): Promise<EndedExperimentStatus | null> {
    for (;;) {
      if (this.stopReason === null) await this.pause();
      if (this.stopReason !== null) return null;
      try {
        const { status } = await this.dependencies.experiments.get(id);
        if (!ACTIVE_STATUSES.includes(status)) return status as EndedExperimentStatus;
      } catch (error) {
        // The experiment goes on without us; a database that blinked is asked again next time.
        this.dependencies.logger.warn({ err: error, suiteRun: this.row.id, experiment: id }, 'reading the experiment');
      }
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.dependencies.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async save(step: SuiteRunStep, change: Partial<SuiteRunStep>): Promise<void> {
    Object.assign(step, change);
    await this.dependencies.runs.update(this.row.id, { steps: this.steps });
  }

  private async end(status: Exclude<SuiteRunStatus, 'running'>, reason: string | null): Promise<void> {
    for (const step of this.steps) if (step.status === 'waiting') step.status = 'skipped';
    await this.dependencies.runs.update(this.row.id, { status, reason, endedAt: new Date(), steps: this.steps });
    this.dependencies.logger.info({ suiteRun: this.row.id, suite: this.suite.name, status, reason }, 'suite run ended');
  }
}
