import { Inject, Injectable } from '@nestjs/common';
import { ExtractionQueueRepository, QueueDepth, RecordedOutcomes } from '@scale/catalog';
import {
  exemplarHistogram,
  METRICS_REGISTRY,
  observeWithExemplar,
  readWithin,
  sharedRead,
  type TraceExemplar,
} from '@scale/telemetry';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EXTRACTOR_SETTINGS, ExtractorSettings } from '../tokens';

/** What became of one batch of claimed jobs. */
export interface FinishedBatch {
  readonly recorded: RecordedOutcomes;
  /** Jobs handed back for a later attempt after a store error. */
  readonly storeErrors: number;
  readonly bytes: number;
  /** From the claim to the commit of the results (or the hand-back of the failed jobs). */
  readonly seconds: number;
  readonly exemplar: TraceExemplar | undefined;
}

/** A job's wait plus work ranges from a fraction of a second (a small batch) to minutes (backed-up store). */
const JOB_SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** What the extractor did, for Prometheus: outcomes, store errors, bytes, job durations, and the queue. */
@Injectable()
export class ExtractorMetrics {
  private readonly objects: Counter<'outcome'>;
  private readonly storeErrors: Counter;
  private readonly bytes: Counter;
  private readonly jobSeconds: Histogram<'outcome'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(EXTRACTOR_SETTINGS) settings: ExtractorSettings,
    queue: ExtractionQueueRepository,
  ) {
    this.objects = new Counter({
      name: 'scale_extractor_objects_total',
      help: 'Object versions the extractor finished, by outcome: song (written), unchanged, invalid, gone.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    // Every outcome's series exists from the start, so an extractor that has not finished an
    // object yet shows a throughput of 0 (and can be found stalled), not no data.
    for (const outcome of ['song', 'unchanged', 'invalid', 'gone']) this.objects.inc({ outcome }, 0);
    this.storeErrors = new Counter({
      name: 'scale_extractor_store_errors_total',
      help: 'Object reads that failed on the store; their jobs were handed back with a backoff.',
      registers: [registry],
    });
    this.bytes = new Counter({
      name: 'scale_extractor_read_bytes_total',
      help: 'Bytes of MIDI read from the store.',
      registers: [registry],
    });
    this.jobSeconds = exemplarHistogram(registry, {
      name: 'scale_extractor_job_duration_seconds',
      help:
        'Seconds from the claim of a job to the commit of its result, by outcome: song, unchanged, invalid, gone, ' +
        'lost (its lease ran out first) or store_error (handed back for a later attempt).',
      labelNames: ['outcome'],
      buckets: JOB_SECONDS_BUCKETS,
    });

    // Both queue gauges come from one query per scrape, bounded in time; while the database is
    // unreachable they keep their last values.
    const depth = sharedRead(() => queue.depth(settings.bucket));
    const currentDepth = (): Promise<QueueDepth | undefined> => readWithin(depth());
    new Gauge({
      name: 'scale_extractor_queue_jobs',
      help: "Jobs in the extraction queue of this extractor's bucket, by state: ready, leased, delayed (backing off).",
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const now = await currentDepth();
        if (!now) return;
        this.set({ state: 'ready' }, now.ready);
        this.set({ state: 'leased' }, now.leased);
        this.set({ state: 'delayed' }, now.delayed);
      },
    });
    new Gauge({
      name: 'scale_extractor_oldest_job_age_seconds',
      help: "Seconds since the oldest job still in this extractor's bucket's queue was enqueued; 0 when the queue is empty.",
      registers: [registry],
      async collect() {
        const now = await currentDepth();
        if (now) this.set(now.oldestJobAgeSeconds);
      },
    });
  }

  batchFinished({ recorded, storeErrors, bytes, seconds, exemplar }: FinishedBatch): void {
    this.objects.inc({ outcome: 'song' }, recorded.songs);
    this.objects.inc({ outcome: 'unchanged' }, recorded.unchanged);
    this.objects.inc({ outcome: 'invalid' }, recorded.invalid);
    this.objects.inc({ outcome: 'gone' }, recorded.gone);
    this.storeErrors.inc(storeErrors);
    this.bytes.inc(bytes);
    // Every job of a batch is claimed and recorded together, so each takes the batch's time.
    const jobs: ReadonlyArray<[string, number]> = [
      ['song', recorded.songs],
      ['unchanged', recorded.unchanged],
      ['invalid', recorded.invalid],
      ['gone', recorded.gone],
      ['lost', recorded.lost],
      ['store_error', storeErrors],
    ];
    for (const [outcome, count] of jobs) {
      const labels = { outcome };
      for (let job = 0; job < count; job++) observeWithExemplar(this.jobSeconds, labels, seconds, exemplar);
    }
  }
}
