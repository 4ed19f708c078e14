import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import {
  errorMessage,
  isConnectionFailure,
  ClaimedJob,
  ExtractionOutcome,
  ExtractionQueueRepository,
  ExtractionResultsRepository,
  FailedJob,
} from '@scale/catalog';
import { ObjectStore, ObjectStoreError, type ReadResult } from '@scale/storage';
import { activeSpanExemplar, LOGGER, type Logger } from '@scale/telemetry';
import { EXTRACTOR_SETTINGS, ExtractorSettings } from '../tokens';
import { backoffSeconds, sleep } from './backoff';
import { outcomeOf, refuseOversized } from './object-extraction';
import { ExtractionStats } from './extraction-stats';
import { ExtractorMetrics } from './extractor-metrics';
import { failed, inSpan, inSpanSync, OUTCOME_ATTRIBUTE } from './extraction-spans';

type ExtractedObject =
  | { readonly outcome: ExtractionOutcome; readonly bytes: number }
  | { readonly failure: FailedJob; readonly bytes: number };

export interface WorkOptions {
  /**
   * Asked when no job is ready: true stops the worker (one-shot mode, once discovery has queued
   * everything), false makes it wait for more (service mode, or discovery still listing).
   */
  readonly stopWhenIdle: () => boolean;
}

/**
 * N workers per process, each a loop of: claim a batch, read and scan its objects, write the
 * batch's results and complete its jobs in one transaction. Reads are the slow part, so N
 * workers keep N reads in flight; the scan itself is far faster than any store.
 */
@Injectable()
export class ExtractionWorkersService implements OnApplicationShutdown {
  readonly stats = new ExtractionStats();
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  private wakeUp = new AbortController();
  /** False while the catalog database is unreachable; read by /readyz. */
  databaseReachable = true;

  constructor(
    @Inject(EXTRACTOR_SETTINGS) private readonly settings: ExtractorSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly queue: ExtractionQueueRepository,
    private readonly results: ExtractionResultsRepository,
    private readonly store: ObjectStore,
    private readonly metrics: ExtractorMetrics,
  ) {}

  run(options: WorkOptions): Promise<void> {
    const workers = Array.from({ length: this.settings.workers }, (_, index) =>
      this.work(`${this.settings.processId}/${index}`, options),
    );
    this.running = Promise.all(workers).then(() => undefined);
    return this.running;
  }

  /**
   * Wakes idle workers to look again now rather than at their next poll: when jobs were queued, or
   * when their reason to stop may have changed.
   */
  wake(): void {
    this.wakeUp.abort();
    this.wakeUp = new AbortController();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async work(worker: string, options: WorkOptions): Promise<void> {
    const { batchSize, leaseSeconds } = this.settings;
    while (!this.stopping.signal.aborted) {
      const jobs = await this.untilDatabaseAnswers('claim jobs', () =>
        this.queue.claim(this.settings.bucket, worker, batchSize, leaseSeconds),
      );
      if (jobs === undefined) return;
      if (jobs.length === 0) {
        if (options.stopWhenIdle()) return;
        await sleep(500, AbortSignal.any([this.stopping.signal, this.wakeUp.signal]));
        continue;
      }
      const claimedAt = performance.now();
      // One trace per batch (when an OpenTelemetry SDK is running): its objects' reads and scans and
      // its write are the spans below it, and the job durations point at it through their exemplars.
      const batch = await inSpan(
        'extract batch',
        { 'scale.extractor.worker': worker, 'scale.extractor.jobs': jobs.length },
        () => this.extract(worker, jobs, claimedAt),
      );
      if (batch === 'stopping') return;
      // Every job of the batch failed on the store: pause this worker instead of spinning on an
      // outage (the jobs themselves wait out their own backoff in the queue).
      if (batch === 'store-down') await sleep(1000, this.stopping.signal);
    }
  }

  /** Reads and scans a claimed batch, then writes its results; 'stopping' when the process stopped meanwhile. */
  private async extract(
    worker: string,
    jobs: readonly ClaimedJob[],
    claimedAt: number,
  ): Promise<'done' | 'store-down' | 'stopping'> {
    const outcomes: ExtractionOutcome[] = [];
    const failures: FailedJob[] = [];
    let bytes = 0;
    for (const job of jobs) {
      const extracted = await inSpan('extract object', { 'aws.s3.bucket': job.bucket, 'aws.s3.key': job.key }, (span) =>
        this.extractObject(worker, job, span),
      );
      if ('failure' in extracted) failures.push(extracted.failure);
      else outcomes.push(extracted.outcome);
      bytes += extracted.bytes;
    }
    for (const outcome of outcomes) {
      if (outcome.kind === 'invalid') {
        this.logger.info({ worker, key: outcome.key, etag: outcome.etag }, `invalid object: ${outcome.reason}`);
      }
    }
    // Results are kept and written once the database answers again; if the lease runs out
    // meanwhile, another worker redoes the jobs and these results are dropped, not doubled.
    const recorded =
      outcomes.length === 0
        ? { songs: 0, unchanged: 0, invalid: 0, gone: 0, lost: 0 }
        : await inSpan('record results', { 'scale.extractor.jobs': outcomes.length }, () =>
            this.untilDatabaseAnswers('record results', () => this.results.record(worker, outcomes)),
          );
    if (recorded === undefined) return 'stopping';
    if (failures.length > 0) {
      const released = await this.untilDatabaseAnswers('release failed jobs', () =>
        this.queue.release(worker, failures).then(() => true),
      );
      if (released === undefined) return 'stopping';
    }
    const seconds = (performance.now() - claimedAt) / 1000;
    this.metrics.batchFinished({
      recorded,
      storeErrors: failures.length,
      bytes,
      seconds,
      exemplar: activeSpanExemplar(),
    });
    this.stats.bytes += bytes;
    this.stats.songs += recorded.songs;
    this.stats.unchanged += recorded.unchanged;
    this.stats.invalid += recorded.invalid;
    this.stats.gone += recorded.gone;
    this.stats.lost += recorded.lost;
    this.stats.retried += failures.length;
    return failures.length === jobs.length ? 'store-down' : 'done';
  }

  /** Reads and scans one object: what to record for it, or the failure to hand its job back with. */
  private async extractObject(worker: string, job: ClaimedJob, span: Span): Promise<ExtractedObject> {
    const { maxObjectBytes, maxBackoffSeconds } = this.settings;
    const refused = refuseOversized(job, maxObjectBytes);
    if (refused) {
      span.setAttribute(OUTCOME_ATTRIBUTE, refused.kind);
      return { outcome: refused, bytes: 0 };
    }
    let read: ReadResult;
    try {
      read = await this.store.read(job.bucket, job.key, maxObjectBytes);
    } catch (error) {
      if (!(error instanceof ObjectStoreError)) throw error;
      const delaySeconds = backoffSeconds(job.attempts, maxBackoffSeconds);
      this.logger.warn({ worker, key: job.key, attempts: job.attempts, retryInSeconds: delaySeconds }, error.message);
      span.setAttribute(OUTCOME_ATTRIBUTE, 'store_error');
      failed(span, error);
      return { failure: { id: job.id, error: error.message, delaySeconds }, bytes: 0 };
    }
    const outcome =
      read.kind === 'read'
        ? inSpanSync('scan midi', () => outcomeOf(job, read, maxObjectBytes))
        : outcomeOf(job, read, maxObjectBytes);
    span.setAttribute(OUTCOME_ATTRIBUTE, outcome.kind);
    return { outcome, bytes: read.kind === 'read' ? read.bytes.length : 0 };
  }

  /** Runs a catalog operation until it succeeds; undefined only when the process is stopping. */
  private async untilDatabaseAnswers<T>(what: string, operation: () => Promise<T>): Promise<T | undefined> {
    let delayMs = 250;
    for (;;) {
      try {
        const result = await operation();
        if (!this.databaseReachable) this.logger.info('catalog database reachable again, resuming');
        this.databaseReachable = true;
        return result;
      } catch (error) {
        if (this.stopping.signal.aborted) return undefined;
        if (!isConnectionFailure(error)) throw error;
        if (this.databaseReachable) {
          this.logger.error(
            { err: error },
            `catalog database unavailable (${what}): ${errorMessage(error)}; waiting for it`,
          );
        }
        this.databaseReachable = false;
        await sleep(delayMs, this.stopping.signal);
        delayMs = Math.min(delayMs * 2, 5_000);
      }
    }
  }
}
