import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DeletedObjectsRepository, errorMessage, ExtractionQueueRepository, RemovedObjects } from '@scale/catalog';
import { ObjectStore } from '@scale/storage';
import { LOGGER, type Logger } from '@scale/telemetry';
import { EXTRACTOR_SETTINGS, ExtractorSettings } from '../tokens';
import { sleep } from '../jobs/backoff';
import { ExtractionWorkersService } from '../jobs/extraction-workers.service';
import { DeletionMetrics } from './deletion-metrics';
import { logRemoved } from './removed-log';

export interface RemovedCounts {
  readonly songs: number;
  readonly invalidObjects: number;
  readonly jobs: number;
}

export interface DiscoveryPass {
  readonly listed: number;
  readonly enqueued: number;
  /** Catalog rows of objects the bucket no longer holds; absent when the pass did not compare. */
  readonly removed?: RemovedCounts;
}

export interface DiscoveryOptions {
  /** Compare the complete listing with the catalog and remove what the bucket no longer holds. */
  readonly removeDeleted?: boolean;
}

/**
 * Lists the bucket page by page and queues every object version the catalog has not seen; on a
 * comparing pass, also removes the catalog rows of objects the complete listing did not find.
 */
@Injectable()
export class DiscoveryService implements OnApplicationShutdown {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  /** performance.now() when the last comparing pass began its listing; null before the first. */
  private lastComparedAt: number | null = null;
  lastPassAt: Date | null = null;
  listed = 0;

  constructor(
    @Inject(EXTRACTOR_SETTINGS) private readonly settings: ExtractorSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: ObjectStore,
    private readonly queue: ExtractionQueueRepository,
    private readonly deletions: DeletedObjectsRepository,
    private readonly metrics: DeletionMetrics,
    private readonly workers: ExtractionWorkersService,
  ) {}

  /**
   * One pass over the bucket. Pages are queued as they arrive, so workers start on page one. A
   * listing that fails part-way throws before anything is removed: a missing key means deleted
   * only when every page was read.
   */
  async discover(options: DiscoveryOptions = {}): Promise<DiscoveryPass> {
    const { bucket, prefix } = this.settings;
    const comparing = options.removeDeleted ?? false;
    const began = performance.now();
    // From the database's clock, the one the catalog's timestamps are written with.
    const startedAt = comparing ? await this.deletions.now() : null;
    const keys: string[] = [];
    let listed = 0;
    let enqueued = 0;
    for await (const page of this.store.listPages(bucket, prefix)) {
      listed += page.length;
      if (comparing) for (const object of page) keys.push(object.key);
      const queued = await this.queue.enqueue(bucket, page);
      if (queued > 0) this.workers.wake();
      enqueued += queued;
    }
    this.lastPassAt = new Date();
    this.listed = listed;
    if (enqueued > 0) this.logger.info({ bucket, prefix, listed, enqueued }, 'discovered new object versions');
    if (!startedAt) return { listed, enqueued };

    const removed = await this.deletions.removeUnlisted({ bucket, prefix, keys, startedAt });
    this.lastComparedAt = began;
    this.metrics.removedObjects(removed);
    logRemoved(this.logger, bucket, removed);
    return { listed, enqueued, removed: countsOf(removed) };
  }

  /** Service mode: a pass every few seconds, comparing when the deletion interval has passed. */
  start(): void {
    this.loop = (async () => {
      while (!this.stopping.signal.aborted) {
        try {
          await this.discover({ removeDeleted: this.comparisonDue() });
        } catch (error) {
          this.logger.warn({ err: error }, `discovery pass failed: ${errorMessage(error)}`);
        }
        await sleep(this.settings.discoveryIntervalSeconds * 1000, this.stopping.signal);
      }
    })();
  }

  private comparisonDue(): boolean {
    if (this.lastComparedAt === null) return true;
    return performance.now() - this.lastComparedAt >= this.settings.deletionIntervalSeconds * 1000;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }
}

const countsOf = ({ songs, invalidObjects, jobs }: RemovedObjects): RemovedCounts => ({
  songs: songs.length,
  invalidObjects: invalidObjects.length,
  jobs: jobs.length,
});
