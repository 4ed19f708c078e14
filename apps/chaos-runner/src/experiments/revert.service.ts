import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '@scale/telemetry';
import { CLUSTER_DRIVER, type ClusterDriver } from '../drivers/driver';
import { faultKind } from '../faults/fault-catalog';
import { ACTIVE_STATUSES } from './experiment-views';
import { ExperimentsRepository } from './experiments.repository';
import type { RevertRecordRow } from './persistence';
import { RevertRecordsRepository } from './revert-records.repository';

/** How often records nothing else will revert (the cluster was unreachable) are tried again. */
const RETRY_INTERVAL_MS = 10_000;

/**
 * Undoes injected faults from their revert records: for a run that ends, for a halt, and for a
 * runner that starts after one crashed mid-experiment. Reverting is safe to repeat, so whoever
 * gets there first wins and the others change nothing.
 */
@Injectable()
export class RevertService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private retryTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(
    private readonly records: RevertRecordsRepository,
    private readonly experiments: ExperimentsRepository,
    @Inject(CLUSTER_DRIVER) private readonly driver: ClusterDriver,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Reverts one record and journals it on its experiment. True when the fault is undone (now or
   * before); false when the cluster refused or could not be reached (the record stays open).
   */
  async revert(
    record: Pick<RevertRecordRow, 'id' | 'experimentId' | 'faultKind' | 'target'>,
    by: string,
  ): Promise<boolean> {
    try {
      await faultKind(record.faultKind).revert(record.target, this.driver);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.records.failed(record.id, message);
      await this.experiments.journal(record.experimentId, 'revert-failed', {
        record: record.id,
        faultKind: record.faultKind,
        target: record.target,
        by,
        error: message,
      });
      this.logger.error(
        { record: record.id, experiment: record.experimentId, err: error },
        `could not revert ${record.faultKind}: ${message}`,
      );
      return false;
    }
    await this.records.closed(record.id);
    await this.experiments.journal(record.experimentId, 'reverted', {
      record: record.id,
      faultKind: record.faultKind,
      target: record.target,
      by,
    });
    return true;
  }

  /** Reverts every open record, whichever experiment it belongs to. */
  async revertAllOpen(by: string): Promise<{ reverted: number; failed: number }> {
    let reverted = 0;
    let failed = 0;
    for (const record of await this.records.stillOpen()) {
      if (await this.revert(record, by)) reverted++;
      else failed++;
    }
    return { reverted, failed };
  }

  /** Open records of experiments no longer under way: until they are reverted, nothing new starts. */
  async orphaned(): Promise<RevertRecordRow[]> {
    return this.records.orphaned(ACTIVE_STATUSES);
  }

  /**
   * A runner that starts finds what a crashed one left: every open revert record is reverted, and
   * every experiment still marked as under way ends as aborted (no process is running it any more).
   */
  async onApplicationBootstrap(): Promise<void> {
    const open = await this.records.stillOpen();
    for (const record of open) await this.revert(record, 'runner start-up');
    for (const experiment of await this.experiments.withStatus(ACTIVE_STATUSES)) {
      const reason = 'the runner stopped mid-experiment; its faults were reverted when it started again';
      await this.experiments.update(experiment.id, {
        status: 'aborted',
        abortReason: experiment.abortReason ?? reason,
        endedAt: new Date(),
      });
      await this.experiments.journal(experiment.id, 'aborted', { reason, previousStatus: experiment.status });
      this.logger.warn({ experiment: experiment.id, previousStatus: experiment.status }, reason);
    }
    if (open.length > 0) this.logger.warn({ records: open.length }, 'reverted the faults a previous runner left open');
    // Fire and forget on a timer: `sweep` logs what it could not revert and tries again next time.
    this.retryTimer = setInterval(() => void this.sweep(), RETRY_INTERVAL_MS);
    this.retryTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.retryTimer);
    await this.sweeping;
  }

  /** Tries the orphaned records again; one sweep at a time. */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = (async () => {
      for (const record of await this.orphaned()) await this.revert(record, 'retry');
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'retrying open revert records failed'))
      .finally(() => (this.sweeping = undefined));
  }
}
