import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { errorMessage, ExtractionQueueRepository } from '@scale/catalog';
import { ObjectStore } from '@scale/storage';
import { LOGGER, type Logger } from '@scale/telemetry';
import { EXTRACTOR_SETTINGS, ExtractorSettings } from '../tokens';
import { sleep } from '../jobs/backoff';
import { ExtractionWorkersService } from '../jobs/extraction-workers.service';

export interface DiscoveryPass {
  readonly listed: number;
  readonly enqueued: number;
}

/** Lists the bucket page by page and queues every object version the catalog has not seen. */
@Injectable()
export class DiscoveryService implements OnApplicationShutdown {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  lastPassAt: Date | null = null;
  listed = 0;

  constructor(
    @Inject(EXTRACTOR_SETTINGS) private readonly settings: ExtractorSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: ObjectStore,
    private readonly queue: ExtractionQueueRepository,
    private readonly workers: ExtractionWorkersService,
  ) {}

  /** One pass over the bucket. Pages are queued as they arrive, so workers start on page one. */
  async discover(): Promise<DiscoveryPass> {
    const { bucket, prefix } = this.settings;
    let listed = 0;
    let enqueued = 0;
    for await (const page of this.store.listPages(bucket, prefix)) {
      listed += page.length;
      const queued = await this.queue.enqueue(bucket, page);
      if (queued > 0) this.workers.wake();
      enqueued += queued;
    }
    this.lastPassAt = new Date();
    this.listed = listed;
    if (enqueued > 0) this.logger.info({ bucket, prefix, listed, enqueued }, 'discovered new object versions');
    return { listed, enqueued };
  }

  /** Service mode: a pass every few seconds; a failed pass is logged and the next one tries again. */
  start(): void {
    this.loop = (async () => {
      while (!this.stopping.signal.aborted) {
        try {
          await this.discover();
        } catch (error) {
          this.logger.warn({ err: error }, `discovery pass failed: ${errorMessage(error)}`);
        }
        await sleep(this.settings.discoveryIntervalSeconds * 1000, this.stopping.signal);
      }
    })();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }
}
