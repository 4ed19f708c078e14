import { BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import { ENVIRONMENT, type Environment } from '@scale/config';
import { LOGGER, type Logger } from '@scale/telemetry';
import { CLUSTER_DRIVER, type ClusterDriver } from '../drivers/driver';
import type { PlannedInjection } from '../faults/fault';
import { PrometheusLocator } from '../probes/prometheus-locator';
import { RUNNER_SETTINGS, type RunnerSettings } from '../settings/runner-settings';
import { ALERT_FIRINGS, type AlertFirings } from './alert-firings';
import { ExperimentRun, type RunDependencies } from './experiment-run';
import { ExperimentsRepository } from './experiments.repository';
import { HaltRepository } from '../halt/halt.repository';
import { INTEGRITY_CHECK, type IntegrityCheck } from './integrity-check';
import type { ExperimentRow } from './persistence';
import { RevertRecordsRepository } from './revert-records.repository';
import { RevertService } from './revert.service';

/** How long a stopping runner waits for its runs to revert and write down how they ended. */
const SHUTDOWN_GRACE_MS = 20_000;

/** Runs experiments in the background, and stops them: one, all (a halt), or all at once on the way out. */
@Injectable()
export class ExperimentEngine implements BeforeApplicationShutdown {
  private readonly runs = new Map<string, { run: ExperimentRun; done: Promise<void> }>();
  private readonly dependencies: RunDependencies;

  constructor(
    experiments: ExperimentsRepository,
    records: RevertRecordsRepository,
    reverts: RevertService,
    halts: HaltRepository,
    prometheus: PrometheusLocator,
    @Inject(CLUSTER_DRIVER) driver: ClusterDriver,
    @Inject(ALERT_FIRINGS) firings: AlertFirings,
    @Inject(RUNNER_SETTINGS) settings: RunnerSettings,
    @Inject(ENVIRONMENT) environment: Environment,
    @Inject(LOGGER) logger: Logger,
    @Optional() @Inject(INTEGRITY_CHECK) integrity: IntegrityCheck | null,
  ) {
    this.dependencies = {
      experiments,
      records,
      reverts,
      halts,
      driver,
      prometheus,
      firings,
      integrity: integrity ?? null,
      settings,
      fallbackScrapeSeconds: environment.PROMETHEUS_SCRAPE_INTERVAL_SECONDS,
      logger,
    };
  }

  launch(row: ExperimentRow, plan: readonly PlannedInjection[]): void {
    const run = new ExperimentRun(row, plan, this.dependencies);
    // Not awaited: the HTTP request that started the run answers at once. `execute` never rejects (it
    // records its own failure); `done` is what shutdown waits for.
    const done = run.execute().finally(() => this.runs.delete(row.id));
    this.runs.set(row.id, { run, done });
  }

  /** False when no run of that id is under way in this runner. */
  stop(id: string, reason: string): boolean {
    const entry = this.runs.get(id);
    entry?.run.stop(reason);
    return entry !== undefined;
  }

  stopAll(reason: string): number {
    for (const { run } of this.runs.values()) run.stop(reason);
    return this.runs.size;
  }

  /** SIGTERM: every run reverts its faults and records how it ended before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.runs.size === 0) return;
    for (const { run } of this.runs.values()) run.stop('the runner is stopping', { hurry: true });
    const all = Promise.all([...this.runs.values()].map((entry) => entry.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
  }
}
