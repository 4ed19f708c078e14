import { Inject, Injectable } from '@nestjs/common';
import { ExtractionQueueRepository, RecordedOutcomes } from '@scale/catalog';
import { METRICS_REGISTRY } from '@scale/observability';
import { Counter, Gauge, Registry } from 'prom-client';
import { EXTRACTOR_SETTINGS, ExtractorSettings } from '../tokens';

/** What the extractor did, for Prometheus: outcomes, store errors, bytes, and the queue's depth. */
@Injectable()
export class ExtractorMetrics {
  private readonly objects: Counter<'outcome'>;
  private readonly storeErrors: Counter;
  private readonly bytes: Counter;

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
    this.storeErrors = new Counter({
      name: 'scale_extractor_store_errors_total',
      help: 'Object reads that failed on the store; their jobs were handed back with a backoff.',
      registers: [registry],
    });
    this.bytes = new Counter({ name: 'scale_extractor_read_bytes_total', help: 'Bytes of MIDI read from the store.', registers: [registry] });
    new Gauge({
      name: 'scale_extractor_queue_jobs',
      help: "Jobs in the extraction queue of this extractor's bucket, by state: ready, leased, delayed (backing off).",
      labelNames: ['state'],
      registers: [registry],
      // Read at scrape time; a database outage leaves the gauge at its last values.
      async collect() {
        const depth = await queue.depth(settings.bucket).catch(() => null);
        if (!depth) return;
        for (const [state, jobs] of Object.entries(depth)) this.set({ state }, jobs);
      },
    });
  }

  recorded(outcomes: RecordedOutcomes, storeErrors: number, bytes: number): void {
    this.objects.inc({ outcome: 'song' }, outcomes.songs);
    this.objects.inc({ outcome: 'unchanged' }, outcomes.unchanged);
    this.objects.inc({ outcome: 'invalid' }, outcomes.invalid);
    this.objects.inc({ outcome: 'gone' }, outcomes.gone);
    this.storeErrors.inc(storeErrors);
    this.bytes.inc(bytes);
  }
}
