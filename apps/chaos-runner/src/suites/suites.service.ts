import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@scale/telemetry';
import { ExperimentConflictError, RunnerHaltedError } from '../experiments/experiment-errors';
import { ACTIVE_STATUSES } from '../experiments/experiment-views';
import { ExperimentsService } from '../experiments/experiments.service';
import { HaltService } from '../halt/halt.service';
import type { SuiteRunRow } from './persistence';
import type { Suite } from './suite-catalog';
import { SuiteNotFoundError, SuiteRunNotFoundError } from './suite-errors';
import { SuiteRun } from './suite-run';
import { stillRunning, SuiteRunsRepository } from './suite-runs.repository';
import { suiteRunView, suiteView } from './suite-mapping';
import type { SuiteRunView, SuiteStepStatus, SuiteView } from './suite-views';

/** The suites RUNNER_SUITES_DIR holds, read and validated once at start-up. */
export const SUITE_CATALOG = Symbol('SUITE_CATALOG');

export interface SuiteRunOptions {
  /** How often a run looks whether its experiment has ended. */
  readonly pollIntervalMs: number;
}
export const SUITE_RUN_OPTIONS = Symbol('SUITE_RUN_OPTIONS');

/** How many runs GET /suites/runs lists. */
export const LISTED_RUNS = 20;
/** How long a stopping runner waits for its suite run to write down that it was interrupted. */
const SHUTDOWN_GRACE_MS = 5_000;

/** The suites the runner knows, and running one: its experiments one after another, one suite at a time. */
@Injectable()
export class SuitesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private active: { run: SuiteRun; done: Promise<void> } | undefined;

  constructor(
    @Inject(SUITE_CATALOG) private readonly suites: readonly Suite[],
    @Inject(SUITE_RUN_OPTIONS) private readonly options: SuiteRunOptions,
    private readonly runs: SuiteRunsRepository,
    private readonly experiments: ExperimentsService,
    private readonly halt: HaltService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  list(): SuiteView[] {
    return this.suites.map(suiteView);
  }

  /**
   * Refuses an unknown suite (SuiteNotFoundError), a halted runner (RunnerHaltedError), a suite run
   * or an experiment already under way (SuiteRunConflictError, ExperimentConflictError); then runs
   * the suite in the background and answers at once. `dryRun` makes every experiment a dry run.
   */
  async start(name: string, dryRun: boolean, actor: string): Promise<SuiteRunView> {
    const suite = this.suites.find((candidate) => candidate.name === name);
    const known = this.suites.map((candidate) => candidate.name);
    if (!suite) throw new SuiteNotFoundError(name, known);
    if (await this.halt.isHalted()) {
      throw new RunnerHaltedError('the runner is halted: release it (DELETE /halt) before starting a suite');
    }
    // Checked again, race-free, when the run is inserted; here it names the run in the way.
    const running = await this.runs.running();
    if (running) throw stillRunning(running);
    const busy = (await this.experiments.list()).find((experiment) => ACTIVE_STATUSES.includes(experiment.status));
    if (busy) {
      throw new ExperimentConflictError(
        `experiment ${busy.id} ("${busy.title}", ${busy.status}) is still running in the experiment group; wait for it or abort it`,
      );
    }
    const row = await this.runs.create({
      id: randomUUID(),
      suite: suite.name,
      dryRun,
      status: 'running',
      createdBy: actor,
      createdAt: new Date(),
      endedAt: null,
      reason: null,
      steps: suite.experiments.map(({ file, document }) => ({
        file,
        title: document.title,
        status: 'waiting',
        experimentId: null,
        detail: null,
      })),
    });
    this.launch(row, suite);
    this.logger.info({ suiteRun: row.id, suite: suite.name, dryRun, actor }, 'suite run started');
    return suiteRunView(row);
  }

  /** The newest runs first. */
  async recentRuns(): Promise<SuiteRunView[]> {
    return (await this.runs.list(LISTED_RUNS)).map(suiteRunView);
  }

  async run(id: string): Promise<SuiteRunView> {
    const row = await this.runs.get(id);
    if (!row) throw new SuiteRunNotFoundError(id);
    return suiteRunView(row);
  }

  /**
   * A run that was under way when the runner stopped is not resumed: starting faults again on a
   * runner that just restarted (perhaps after a crash) is for a person to decide. It is recorded as
   * interrupted; the engine's own start-up (RevertService) reverts the faults and aborts the experiment it was on.
   */
  async onApplicationBootstrap(): Promise<void> {
    const leftover = await this.runs.running();
    if (!leftover) return;
    const steps = leftover.steps.map((step) => ({ ...step, status: afterRestart(step.status) }));
    const reason = 'the runner stopped during the run; runs are not resumed when it starts again';
    await this.runs.update(leftover.id, { status: 'interrupted', reason, endedAt: new Date(), steps });
    this.logger.warn({ suiteRun: leftover.id, suite: leftover.suite }, reason);
  }

  /** SIGTERM: the run starts nothing more and writes down that it was interrupted before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.active) return;
    this.active.run.stop('the runner stopped during the run');
    await Promise.race([this.active.done, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
  }

  private launch(row: SuiteRunRow, suite: Suite): void {
    const run = new SuiteRun(row, suite, {
      experiments: this.experiments,
      runs: this.runs,
      logger: this.logger,
      pollIntervalMs: this.options.pollIntervalMs,
    });
    // Not awaited: the request that started the run answers at once. `execute` never rejects.
    const done = run.execute().finally(() => {
      if (this.active?.run === run) this.active = undefined;
    });
    this.active = { run, done };
  }
}

/** A step of a run the runner stopped in: the one under way was interrupted, those after it never had their turn. */
function afterRestart(status: SuiteStepStatus): SuiteStepStatus {
  if (status === 'running') return 'interrupted';
  return status === 'waiting' ? 'skipped' : status;
}
